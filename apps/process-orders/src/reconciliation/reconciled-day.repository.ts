import { Injectable } from '@nestjs/common';
import type { PostingKind } from '@omnigate/contracts';
import { Database } from '@omnigate/persistence';
import { journalPostingIdsOf } from '../store-sales/sales-journal.workflow';
import type { SalesJournalFacts } from '../store-sales/store-sale';
import type { DayFlow, LedgerPosting, SaleRedemption } from './reconciled-day';

const json = (value: unknown) =>
  (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

// A store sale and its journal belong to their business date. A pickup order, a return and a till
// redemption, having none, belong to the UTC day they were created: for a till redemption that is
// when its points were held at the loyalty platform, which a later capture (by a sale of any
// business date, an offline backlog arriving days late) does not move.
const WORKFLOWS_OF_DAY = `workflow IN ('store-sale', 'sales-journal', 'return', 'till-redemption')`;
const OF_BUSINESS_DATE = (param: string) =>
  `CASE WHEN workflow IN ('return', 'till-redemption') THEN to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') = ${param} ELSE keys->>'businessDate' = ${param} END`;
const SHARED_FLOWS_OF_DAY = `
  SELECT instance_id, workflow, state, keys, facts FROM workflow_instances
   WHERE ${WORKFLOWS_OF_DAY} AND keys->>'storeId' = $1 AND ${OF_BUSINESS_DATE('$2')}`;

type TillRedemptionFound = NonNullable<SaleRedemption['found']>;

/** The only file with SQL for what reconciliation reads of our own books: a store's flows of a day (till redemptions included) and their ERP postings. */
@Injectable()
export class ReconciledDayRepository {
  constructor(private readonly db: Database) {}

  async flows(storeId: string, businessDate: string): Promise<DayFlow[]> {
    const [orders, shared] = await Promise.all([
      this.db.query<Record<string, unknown>>(
        `SELECT order_id, state, member_id, accrued_points, redemption_id, points_redeemed FROM pickup_orders
          WHERE store_id = $1 AND to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') = $2`,
        [storeId, businessDate],
      ),
      this.db.query<Record<string, unknown>>(SHARED_FLOWS_OF_DAY, [storeId, businessDate]),
    ]);
    const named = await this.redemptionsNamedBySales(shared);
    return [
      ...orders.map((r): DayFlow => ({
        workflow: 'pickup-order',
        flowId: r.order_id as string,
        state: r.state as string,
        memberId: (r.member_id as string | null) ?? null,
        accruedPoints: numberOrNull(r.accrued_points),
        redemptionId: (r.redemption_id as string | null) ?? null,
        pointsRedeemed: Number(r.points_redeemed ?? 0),
      })),
      ...shared.map((r) => sharedFlow(r, named)),
    ];
  }

  /** The till redemptions (of any day) the sales among `rows` name, by id. */
  private async redemptionsNamedBySales(
    rows: Record<string, unknown>[],
  ): Promise<Map<string, TillRedemptionFound>> {
    const ids = rows
      .filter((r) => r.workflow === 'store-sale')
      .map((r) => namedRedemptionOf(json(r.facts)))
      .filter((id): id is string => id !== null);
    const named = new Map<string, TillRedemptionFound>();
    if (ids.length > 0) {
      const found = await this.db.query<Record<string, unknown>>(
        `SELECT instance_id, state, facts FROM workflow_instances
          WHERE workflow = 'till-redemption' AND instance_id = ANY($1::text[])`,
        [ids],
      );
      for (const r of found) {
        const redemption = tillRedemptionFlow(r);
        named.set(redemption.flowId, {
          state: redemption.state,
          points: redemption.points,
          valueMinor: redemption.valueMinor,
          capturedForSale: redemption.capturedForSale,
        });
      }
    }
    return named;
  }

  /** The ledger's postings (reversals included) of some flows. */
  async postings(flows: { workflow: string; flowId: string }[]): Promise<LedgerPosting[]> {
    if (flows.length === 0) return [];
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT posting_id, kind, source_type, source_id, status, erp_document_id, lines FROM erp_postings
        WHERE (source_type, source_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        ORDER BY created_at, posting_id`,
      [flows.map((f) => f.workflow), flows.map((f) => f.flowId)],
    );
    return rows.map((r) => ({
      postingId: r.posting_id as string,
      kind: r.kind as PostingKind,
      sourceType: r.source_type as string,
      sourceId: r.source_id as string,
      status: r.status as LedgerPosting['status'],
      erpDocumentId: (r.erp_document_id as string | null) ?? null,
      lines: (typeof r.lines === 'string' ? JSON.parse(r.lines) : r.lines) as LedgerPosting['lines'],
    }));
  }

  /** Which of these posting ids the ledger holds, of any flow and day. */
  async knownPostingIds(postingIds: string[]): Promise<Set<string>> {
    if (postingIds.length === 0) return new Set();
    const rows = await this.db.query<{ posting_id: string }>(
      'SELECT posting_id FROM erp_postings WHERE posting_id = ANY($1::text[])',
      [postingIds],
    );
    return new Set(rows.map((r) => r.posting_id));
  }

  /** The stores with at least one flow on the business date: what the daily schedule reconciles. */
  async storesWithFlows(businessDate: string): Promise<string[]> {
    const rows = await this.db.query<{ store_id: string }>(
      `SELECT store_id FROM pickup_orders WHERE to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') = $1
       UNION
       SELECT keys->>'storeId' FROM workflow_instances
        WHERE ${WORKFLOWS_OF_DAY} AND keys->>'storeId' IS NOT NULL AND ${OF_BUSINESS_DATE('$1')}
       ORDER BY 1`,
      [businessDate],
    );
    return rows.map((r) => r.store_id);
  }
}

/** The till redemption a sale's facts name, if any. */
function namedRedemptionOf(facts: Record<string, unknown>): string | null {
  const sale = facts.sale as { redemptionId?: string } | undefined;
  return sale?.redemptionId ?? null;
}

function tillRedemptionFlow(r: Record<string, unknown>): Extract<DayFlow, { workflow: 'till-redemption' }> {
  const facts = json(r.facts);
  return {
    workflow: 'till-redemption',
    flowId: r.instance_id as string,
    state: r.state as string,
    points: Number(facts.points ?? 0),
    valueMinor: Number(facts.valueMinor ?? 0),
    loyaltyRedemptionId: (facts.loyaltyRedemptionId as string | undefined) ?? null,
    capturedForSale: (facts.capturedForSale as string | undefined) ?? null,
  };
}

function sharedFlow(r: Record<string, unknown>, named: Map<string, TillRedemptionFound>): DayFlow {
  const keys = json(r.keys);
  const facts = json(r.facts);
  const flowId = r.instance_id as string;
  const state = r.state as string;
  switch (r.workflow) {
    case 'store-sale': {
      const tenders = ((facts.sale as { tenders?: unknown[] } | undefined)?.tenders ?? []) as {
        type: string;
        amountMinor: number;
        points?: number;
      }[];
      const points = tenders.filter((t) => t.type === 'POINTS');
      const redemptionId = namedRedemptionOf(facts);
      return {
        workflow: 'store-sale',
        flowId,
        state,
        memberId: (keys.memberId as string | undefined) ?? null,
        accruedPoints: numberOrNull(facts.accruedPoints),
        journalId: (facts.journalId as string | undefined) ?? null,
        saleKey: keys.saleKey as string,
        pointsTendered:
          points.length === 0
            ? null
            : {
                points: points.reduce((sum, t) => sum + (t.points ?? 0), 0),
                amountMinor: points.reduce((sum, t) => sum + t.amountMinor, 0),
              },
        redemption:
          redemptionId === null
            ? null
            : {
                redemptionId,
                settled: facts.redemptionSettledAt !== undefined,
                found: named.get(redemptionId) ?? null,
              },
      };
    }
    case 'sales-journal':
      return {
        workflow: 'sales-journal',
        flowId,
        state,
        postingIds: journalPostingIdsOf({ id: flowId, facts: facts as unknown as SalesJournalFacts }),
      };
    case 'till-redemption':
      return tillRedemptionFlow(r);
    default:
      return {
        workflow: 'return',
        flowId,
        state,
        memberId: (facts.memberId as string | null | undefined) ?? null,
        pointsRefunded: Number(facts.pointsRefunded ?? 0),
        pointsReversed: Number(facts.pointsReversed ?? 0),
        accrualReference: (facts.accrualReference as string | null | undefined) ?? null,
      };
  }
}
