import { DomainError } from '@omnigate/problems';

export class ReconciliationReportNotFound extends DomainError {
  readonly type = 'reconciliation-report-not-found';
  override readonly kind = 'not-found';
  constructor() {
    super('No reconciliation report with this id');
  }
}
