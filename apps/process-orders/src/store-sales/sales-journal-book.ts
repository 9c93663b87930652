import { Inject, Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@omnigate/persistence';
import { Clock, type RequestContext } from '@omnigate/workflow';
import { randomBytes } from 'node:crypto';
import { ProcessOrdersConfig } from '../process-orders.config';
import type { StoreSaleDto } from '@omnigate/contracts';
import { SALES_JOURNALS, type SalesJournals } from './sales-journal.workflow';
import { StoreSalesRepository } from './store-sales.repository';

/** When the journal of `businessDate` closes: at `closeAt` (HH:MM[:SS], UTC) on the following day. */
export function journalClosesAt(businessDate: string, closeAt: string): Date {
  const [hours, minutes, seconds = 0] = closeAt.split(':').map(Number);
  const closes = new Date(`${businessDate}T00:00:00.000Z`);
  closes.setUTCDate(closes.getUTCDate() + 1);
  closes.setUTCHours(hours, minutes, seconds, 0);
  return closes;
}

/**
 * Finds the open journal a sale joins, opening one (and scheduling its close) when its store,
 * business date and currency have none open: the date's own journal, closing at the configured
 * time, or, once that one has closed, a follow-up closing a configured while after it opened.
 */
@Injectable()
export class SalesJournalBook {
  constructor(
    @Inject(SALES_JOURNALS) private readonly journals: SalesJournals,
    private readonly repository: StoreSalesRepository,
    private readonly clock: Clock,
    @Inject(ProcessOrdersConfig) private readonly config: ProcessOrdersConfig,
  ) {}

  /** The id of the journal `sale` joins; in `tx`, under the journals' lock until it commits. */
  async journalFor(tx: SqlExecutor, ctx: RequestContext, sale: StoreSaleDto): Promise<string> {
    const { storeId, businessDate, currency } = sale;
    await this.repository.lockJournals(tx, storeId, businessDate, currency);
    const { openId, count } = await this.repository.journalsOf(tx, storeId, businessDate, currency);
    if (openId) return openId;
    const now = this.clock.now();
    const dateCloses = journalClosesAt(businessDate, this.config.SALES_JOURNAL_CLOSE_AT);
    const closesAt =
      dateCloses > now ? dateCloses : new Date(now.getTime() + this.config.SALES_JOURNAL_FOLLOW_UP_S * 1000);
    const journalId = `jrn_${randomBytes(15).toString('base64url')}`;
    await this.journals.create(
      tx,
      ctx,
      {
        id: journalId,
        state: 'OPEN',
        keys: { storeId, businessDate, currency, part: String(count + 1) },
        facts: { closesAt: closesAt.toISOString() },
        createdAt: now.toISOString(),
        version: 1,
      },
      { detail: { businessDate, part: count + 1, closesAt: closesAt.toISOString() } },
    );
    await this.journals.schedule(
      tx,
      ctx,
      'close',
      journalId,
      Math.max(1, Math.ceil((closesAt.getTime() - now.getTime()) / 1000)),
    );
    return journalId;
  }
}
