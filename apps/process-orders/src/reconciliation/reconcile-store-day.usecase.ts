import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MAX_POSTING_IDS_PER_LOOKUP, MAX_REFERENCES_PER_LOOKUP } from '@omnigate/contracts';
import { ErpApi, LoyaltyApi } from '@omnigate/system-clients';
import type { RequestContext } from '@omnigate/workflow';
import { expectedLoyaltyMovements, linkOf } from './expected-bookings';
import { findDifferences } from './find-differences';
import { ReconciledDayRepository } from './reconciled-day.repository';
import type { ReconciliationReport, ReconciliationTrigger } from './reconciliation-report';
import { ReconciliationReportsRepository } from './reconciliation-reports.repository';

export interface ReconcileStoreDayCommand {
  storeId: string;
  businessDate: string;
  trigger: ReconciliationTrigger;
  requestedBy: string | null;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Reconciles one store's business date: its pickup orders, store sales (and their journals) and
 * returns, against the ERP documents their postings should have made and the loyalty movements
 * their steps booked, and keeps the report. Reads only; a backend that cannot be read fails the run
 * (nothing is kept), rather than reporting what it could not see as missing.
 */
@Injectable()
export class ReconcileStoreDay {
  constructor(
    private readonly day: ReconciledDayRepository,
    private readonly reports: ReconciliationReportsRepository,
    private readonly erp: ErpApi,
    private readonly loyalty: LoyaltyApi,
  ) {}

  async execute(_ctx: RequestContext, command: ReconcileStoreDayCommand): Promise<ReconciliationReport> {
    const { storeId, businessDate } = command;
    const flows = await this.day.flows(storeId, businessDate);
    const postings = await this.day.postings(flows.map(linkOf));
    const expectedLoyalty = flows.flatMap(expectedLoyaltyMovements);
    const [erpDocuments, storeDocuments, loyaltyTransactions] = await Promise.all([
      Promise.all(
        chunks(
          postings.map((p) => p.postingId),
          MAX_POSTING_IDS_PER_LOOKUP,
        ).map((ids) => this.erp.documents(ids)),
      ).then((r) => r.flat()),
      this.erp.storeDocuments(storeId, businessDate),
      Promise.all(
        chunks([...new Set(expectedLoyalty.map((e) => e.reference))], MAX_REFERENCES_PER_LOOKUP).map((refs) =>
          this.loyalty.transactions(refs),
        ),
      ).then((r) => r.flat()),
    ]);
    const knownPostingIds = await this.day.knownPostingIds(storeDocuments.map((d) => d.postingId));
    const differences = findDifferences({
      flows,
      postings,
      erpDocuments,
      storeDocuments,
      knownPostingIds,
      expectedLoyalty,
      loyaltyTransactions,
    });
    return this.reports.keep({
      reportId: `rec_${randomBytes(12).toString('base64url')}`,
      storeId,
      businessDate,
      trigger: command.trigger,
      requestedBy: command.requestedBy,
      checked: {
        flows: flows.length,
        postings: postings.length,
        erpDocuments: new Set([...erpDocuments, ...storeDocuments].map((d) => d.erpDocumentId)).size,
        loyaltyTransactions: loyaltyTransactions.length,
      },
      differences,
    });
  }
}
