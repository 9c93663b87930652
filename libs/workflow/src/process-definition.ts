import { DomainError } from '@omnigate/problems';

/** A workflow's states and, for each, the states it may move to: the process as data. */
export type ProcessDefinition<S extends string> = Readonly<Record<S, readonly S[]>>;

/** A move the process does not allow from the current state (collect before ready, cancel after collect). */
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

/** Throws {@link IllegalTransition} unless `definition` allows `from -> to`. */
export function assertTransition<S extends string>(workflow: string, definition: ProcessDefinition<S>, from: S, to: S): void {
  if (!definition[from].includes(to)) throw new IllegalTransition(workflow, from, to);
}

/** The states from which `to` can be reached in one move. */
export function statesLeadingTo<S extends string>(definition: ProcessDefinition<S>, to: S): S[] {
  return (Object.keys(definition) as S[]).filter((from) => definition[from].includes(to));
}
