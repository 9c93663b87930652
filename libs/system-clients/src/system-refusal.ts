import { DomainError, type DomainErrorKind, PROBLEM_TYPE_BASE } from '@omnigate/problems';

const KIND_OF_STATUS: Record<number, DomainErrorKind> = {
  400: 'bad-request',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  422: 'unprocessable',
};

/**
 * A system API's business refusal (insufficient stock, unknown member...), carried up unchanged:
 * the same stable `type` slug reaches the channel, whatever layer it started in.
 */
export class SystemRefusal extends DomainError {
  readonly type: string;
  override readonly kind: DomainErrorKind;
  override readonly extensions: Record<string, unknown>;
  constructor(status: number, problem: { type?: string; title?: string; [member: string]: unknown }) {
    super(problem.title ?? 'Refused by a system API');
    this.type = (problem.type ?? 'refused').replace(PROBLEM_TYPE_BASE, '');
    this.kind = KIND_OF_STATUS[status] ?? 'unprocessable';
    // The refusal's own members (which sku, which fields) travel on; where it happened does not.
    const { type, title, status: _status, instance, correlationId, detail, ...members } = problem;
    this.extensions = members;
  }
}

/** The statuses a system API uses for business refusals. */
export const REFUSAL_STATUSES = Object.keys(KIND_OF_STATUS).map(Number);
