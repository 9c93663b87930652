import { DomainError } from '@omnigate/problems';

/** A move the workflow does not allow from the current state (collect before ready, cancel after collect). */
export class IllegalTransition extends DomainError {
  readonly type: string;
  override readonly kind = 'conflict';
  override readonly extensions: Record<string, unknown>;
  constructor(workflow: string, from: string, to: string) {
    super(`A ${workflow} in state ${from} cannot become ${to}`);
    this.type = `illegal-${workflow}-transition`;
    this.extensions = { currentState: from, requestedState: to };
  }
}

/** The caller may not make this move: it is not among the callers the move admits, or is bound to another store or member. */
export class MoveNotAllowed extends DomainError {
  readonly type: string;
  override readonly kind = 'forbidden';
  constructor(workflow: string, reason: 'caller' | 'store' | 'member') {
    const noun = workflow.replaceAll('-', ' ');
    super(
      reason === 'caller'
        ? `This caller cannot make this move on a ${noun}`
        : `This ${noun} belongs to another ${reason}`,
    );
    this.type = reason === 'caller' ? `${workflow}-move-not-allowed` : `${workflow}-of-another-${reason}`;
  }
}
