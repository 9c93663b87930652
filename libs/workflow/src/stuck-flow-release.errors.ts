import { DomainError } from '@omnigate/problems';

/** No workflow of this app has this name. */
export class UnknownWorkflow extends DomainError {
  readonly type = 'unknown-workflow';
  override readonly kind = 'not-found';
  override readonly extensions: Record<string, unknown>;
  constructor(workflows: string[]) {
    super('No workflow of this app has this name');
    this.extensions = { workflows };
  }
}

/** The workflow holds nothing for anybody (a store sale, a return): there is nothing an operator could release. */
export class NothingToRelease extends DomainError {
  readonly type = 'flow-holds-nothing';
  override readonly kind = 'conflict';
  constructor(workflow: string) {
    super(`A ${workflow.replaceAll('-', ' ')} holds no stock or points to release`);
  }
}
