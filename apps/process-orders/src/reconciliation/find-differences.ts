import type { ErpDocumentDto, LoyaltyTransactionDto } from '@omnigate/contracts';
import {
  accrualOutstanding,
  type ExpectedLoyaltyMovement,
  expectedPostingIds,
  linkOf,
} from './expected-bookings';
import type { DayFlow, LedgerPosting } from './reconciled-day';
import type { Difference, FlowLink } from './reconciliation-report';

/** Everything one store's day is compared on: our flows and ledger against what the ERP and the loyalty platform hold. */
export interface DayEvidence {
  flows: DayFlow[];
  /** The ledger's postings of those flows, reversals included. */
  postings: LedgerPosting[];
  /** The ERP's documents under those postings' ids. */
  erpDocuments: ErpDocumentDto[];
  /** The ERP's documents of the store dated on the day, whoever posted them. */
  storeDocuments: ErpDocumentDto[];
  /** Which of the store documents' posting ids the ledger knows (of any flow, any day). */
  knownPostingIds: Set<string>;
  expectedLoyalty: ExpectedLoyaltyMovement[];
  /** The loyalty platform's transactions under the expected references. */
  loyaltyTransactions: LoyaltyTransactionDto[];
}

const linesKey = (lines: { sku: string; quantity: number; netAmountMinor: number }[]) =>
  lines
    .map((l) => `${l.sku}:${l.quantity}:${l.netAmountMinor}`)
    .sort()
    .join('|');
const totalOf = (lines: { netAmountMinor: number }[]) => lines.reduce((sum, l) => sum + l.netAmountMinor, 0);

/**
 * Compares a store's day: every posting its flows call for and every loyalty movement they booked,
 * against the ERP and the loyalty ledger, and each sale that names a till redemption against it.
 */
export function findDifferences(day: DayEvidence): Difference[] {
  return [...erpDifferences(day), ...loyaltyDifferences(day), ...saleRedemptionDifferences(day)];
}

function erpDifferences(day: DayEvidence): Difference[] {
  const differences: Difference[] = [];
  const ledger = new Map(day.postings.map((p) => [p.postingId, p]));
  const documents = new Map(day.erpDocuments.map((d) => [d.postingId, d]));
  const flowOf = (p: LedgerPosting): FlowLink => ({ workflow: p.sourceType, flowId: p.sourceId });

  for (const flow of day.flows) {
    for (const postingId of expectedPostingIds(flow)) {
      if (!ledger.has(postingId))
        differences.push({
          kind: 'erp-posting-missing',
          flow: linkOf(flow),
          reference: postingId,
          expected: { state: flow.state },
        });
    }
    // A journal sale posts nothing of its own: its journal must be there to post it.
    if (
      flow.workflow === 'store-sale' &&
      flow.state === 'IN_JOURNAL' &&
      !day.flows.some((f) => f.workflow === 'sales-journal' && f.flowId === flow.journalId)
    ) {
      differences.push({
        kind: 'erp-posting-missing',
        flow: linkOf(flow),
        reference: flow.journalId ?? 'no journal',
        expected: { journal: flow.journalId },
      });
    }
  }

  for (const posting of day.postings) {
    const document = documents.get(posting.postingId);
    const flow = flowOf(posting);
    if (posting.status === 'pending' || posting.status === 'dead') {
      differences.push({
        kind: 'erp-posting-outstanding',
        flow,
        reference: posting.postingId,
        found: { status: posting.status },
      });
    } else if (posting.status === 'void') {
      if (document)
        differences.push({
          kind: 'erp-document-unexpected',
          flow,
          reference: posting.postingId,
          erpDocumentId: document.erpDocumentId,
          expected: { status: 'void' },
        });
    } else if (!document) {
      differences.push({
        kind: 'erp-document-missing',
        flow,
        reference: posting.postingId,
        ...(posting.erpDocumentId && { erpDocumentId: posting.erpDocumentId }),
        expected: { kind: posting.kind, totalMinor: totalOf(posting.lines) },
      });
    } else if (document.kind !== posting.kind || linesKey(document.lines) !== linesKey(posting.lines)) {
      differences.push({
        kind: 'erp-amount-mismatch',
        flow,
        reference: posting.postingId,
        erpDocumentId: document.erpDocumentId,
        expected: { kind: posting.kind, totalMinor: totalOf(posting.lines), lines: posting.lines },
        found: { kind: document.kind, totalMinor: document.totalMinor, lines: document.lines },
      });
    }
  }

  for (const document of day.storeDocuments) {
    if (!day.knownPostingIds.has(document.postingId)) {
      differences.push({
        kind: 'erp-document-without-flow',
        flow: null,
        reference: document.postingId,
        erpDocumentId: document.erpDocumentId,
        found: { kind: document.kind, totalMinor: document.totalMinor },
      });
    }
  }
  return differences;
}

function loyaltyDifferences(day: DayEvidence): Difference[] {
  const differences: Difference[] = [];
  const byReference = new Map<string, LoyaltyTransactionDto[]>();
  for (const t of day.loyaltyTransactions)
    byReference.set(t.reference, [...(byReference.get(t.reference) ?? []), t]);

  for (const flow of day.flows) {
    if (accrualOutstanding(flow))
      differences.push({ kind: 'loyalty-accrual-outstanding', flow: linkOf(flow), reference: flow.flowId });
  }
  for (const expected of day.expectedLoyalty) {
    const booked = byReference.get(expected.reference) ?? [];
    const movement = booked.find((t) => t.kind === expected.kind);
    const missing = {
      accrual: 'loyalty-accrual-missing',
      'accrual-reversal': 'loyalty-reversal-missing',
      redemption: 'loyalty-redemption-missing',
    } as const;
    if (!movement) {
      if (expected.mayBeAbsent) continue;
      differences.push({
        kind: missing[expected.kind],
        flow: expected.flow,
        reference: expected.reference,
        expected: { kind: expected.kind, points: expected.points },
      });
      continue;
    }
    if (movement.points !== expected.points) {
      differences.push({
        kind: 'loyalty-points-mismatch',
        flow: expected.flow,
        reference: expected.reference,
        expected: { kind: expected.kind, points: expected.points },
        found: { points: movement.points, transactionId: movement.transactionId },
      });
    }
    if (expected.released === undefined) continue;
    const released = booked.some((t) => t.kind === 'redemption-cancel');
    if (expected.released && !released)
      differences.push({
        kind: 'loyalty-redemption-not-released',
        flow: expected.flow,
        reference: expected.reference,
        expected: { released: true },
      });
    if (!expected.released && released)
      differences.push({
        kind: 'loyalty-redemption-released',
        flow: expected.flow,
        reference: expected.reference,
        expected: { released: false },
      });
  }
  return differences;
}

/**
 * A sale that names a till redemption must have captured it (the redemption CAPTURED for the
 * sale's key) and tendered as POINTS what the redemption holds: its points and their value. A sale
 * tendering points naming no redemption took points nobody held. The redemption's own loyalty and
 * ERP bookings are checked as its flow, on the day it was authorized.
 */
function saleRedemptionDifferences(day: DayEvidence): Difference[] {
  const differences: Difference[] = [];
  for (const flow of day.flows) {
    if (flow.workflow !== 'store-sale') continue;
    const { redemption, pointsTendered } = flow;
    const tendered = { points: pointsTendered?.points ?? 0, amountMinor: pointsTendered?.amountMinor ?? 0 };
    if (!redemption) {
      if (pointsTendered)
        differences.push({
          kind: 'sale-points-tender-mismatch',
          flow: linkOf(flow),
          reference: 'no redemption',
          expected: { points: 0, amountMinor: 0 },
          found: tendered,
        });
      continue;
    }
    const { found } = redemption;
    const captured = found?.state === 'CAPTURED' && found.capturedForSale === flow.saleKey;
    if (!captured) {
      differences.push({
        kind: redemption.settled ? 'sale-redemption-not-captured' : 'sale-redemption-outstanding',
        flow: linkOf(flow),
        reference: redemption.redemptionId,
        expected: { state: 'CAPTURED', capturedForSale: flow.saleKey },
        found: found ? { state: found.state, capturedForSale: found.capturedForSale } : { state: null },
      });
      continue;
    }
    if (tendered.points !== found.points || tendered.amountMinor !== found.valueMinor)
      differences.push({
        kind: 'sale-points-tender-mismatch',
        flow: linkOf(flow),
        reference: redemption.redemptionId,
        expected: { points: found.points, amountMinor: found.valueMinor },
        found: tendered,
      });
  }
  return differences;
}
