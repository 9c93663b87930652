import type { ErpDocumentDto, LoyaltyTransactionDto } from '@omnigate/contracts';
import { postingIdOf } from '@omnigate/erp-postings';
import { expectedLoyaltyMovements } from './expected-bookings';
import { type DayEvidence, findDifferences } from './find-differences';
import type { DayFlow, LedgerPosting } from './reconciled-day';

const LINES = [{ sku: '100', quantity: 2, netAmountMinor: 2400 }];

const posting = (
  postingId: string,
  sourceType: string,
  sourceId: string,
  over: Partial<LedgerPosting> = {},
): LedgerPosting => ({
  postingId,
  kind: 'SALE',
  sourceType,
  sourceId,
  status: 'posted',
  erpDocumentId: `90${postingId.length}`,
  lines: LINES,
  ...over,
});
const documentOf = (p: LedgerPosting, over: Partial<ErpDocumentDto> = {}): ErpDocumentDto => ({
  erpDocumentId: p.erpDocumentId ?? '9000000000',
  postingId: p.postingId,
  kind: p.kind,
  storeId: 'ST-1',
  currency: 'USD',
  documentDate: '2026-11-30T10:00:00.000Z',
  totalMinor: p.lines.reduce((s, l) => s + l.netAmountMinor, 0),
  lines: p.lines,
  ...over,
});
const tx = (
  reference: string,
  kind: LoyaltyTransactionDto['kind'],
  points: number,
): LoyaltyTransactionDto => ({
  transactionId: `TX-${reference}-${kind}`,
  memberId: '4000000000017',
  kind,
  points,
  reference,
  occurredAt: '2026-11-30T10:00:00.000Z',
});

/** Evidence where the ERP and the loyalty ledger hold exactly what the flows and postings say. */
function agreeing(
  flows: DayFlow[],
  postings: LedgerPosting[],
  loyalty: LoyaltyTransactionDto[],
): DayEvidence {
  const landed = postings.filter((p) => p.status === 'posted').map((p) => documentOf(p));
  return {
    flows,
    postings,
    erpDocuments: landed,
    storeDocuments: landed,
    knownPostingIds: new Set(landed.map((d) => d.postingId)),
    expectedLoyalty: flows.flatMap(expectedLoyaltyMovements),
    loyaltyTransactions: loyalty,
  };
}

describe('findDifferences', () => {
  const perSale: DayFlow = {
    workflow: 'store-sale',
    flowId: 'sale_a',
    state: 'POSTING_SCHEDULED',
    memberId: 'M',
    accruedPoints: 24,
    journalId: null,
    saleKey: 'ST-1:R1:1',
    pointsTendered: null,
    redemption: null,
  };
  const perSalePosting = posting('sale_sale_a', 'store-sale', 'sale_a');

  it('finds nothing when every posting landed as posted and every accrual is booked', () => {
    expect(
      findDifferences(agreeing([perSale], [perSalePosting], [tx('accrual-sale_a', 'accrual', 24)])),
    ).toEqual([]);
  });

  it('names a posted document the ERP does not hold, and an accrual the ledger does not hold, with their flow', () => {
    const day = agreeing([perSale], [perSalePosting], []);
    day.erpDocuments = [];
    day.storeDocuments = [];
    expect(findDifferences(day).map((d) => [d.kind, d.flow?.flowId, d.reference])).toEqual([
      ['erp-document-missing', 'sale_a', 'sale_sale_a'],
      ['loyalty-accrual-missing', 'sale_a', 'accrual-sale_a'],
    ]);
  });

  it('names another amount, another number of points, and a document no posting of ours made', () => {
    const day = agreeing([perSale], [perSalePosting], [tx('accrual-sale_a', 'accrual', 20)]);
    day.erpDocuments = [
      documentOf(perSalePosting, {
        lines: [{ sku: '100', quantity: 2, netAmountMinor: 2300 }],
        totalMinor: 2300,
      }),
    ];
    day.storeDocuments = [...day.erpDocuments, documentOf(posting('sale_stranger', 'store-sale', 'x'))];
    expect(findDifferences(day).map((d) => d.kind)).toEqual([
      'erp-amount-mismatch',
      'erp-document-without-flow',
      'loyalty-points-mismatch',
    ]);
  });

  it('expects nothing of a journal sale but its journal, and the closed journal its own SALE', () => {
    const inJournal: DayFlow = {
      workflow: 'store-sale',
      flowId: 'sale_b',
      state: 'IN_JOURNAL',
      memberId: null,
      accruedPoints: null,
      journalId: 'jnl_1',
      saleKey: 'ST-1:R1:2',
      pointsTendered: null,
      redemption: null,
    };
    const journal: DayFlow = {
      workflow: 'sales-journal',
      flowId: 'jnl_1',
      state: 'CLOSED',
      postingIds: ['jnl_1'],
    };
    expect(
      findDifferences(agreeing([inJournal, journal], [posting('jnl_1', 'sales-journal', 'jnl_1')], [])),
    ).toEqual([]);
    expect(findDifferences(agreeing([inJournal, journal], [], [])).map((d) => [d.kind, d.reference])).toEqual(
      [['erp-posting-missing', 'jnl_1']],
    );
    expect(findDifferences(agreeing([inJournal], [], [])).map((d) => [d.kind, d.reference])).toEqual([
      ['erp-posting-missing', 'jnl_1'],
    ]);
  });

  it('expects every page of a journal past the ERP limits, and names the page missing', () => {
    const paged: DayFlow = {
      workflow: 'sales-journal',
      flowId: 'jnl_2',
      state: 'CLOSED',
      postingIds: ['jnl_2', 'jnl_2-p2'],
    };
    const pages = [posting('jnl_2', 'sales-journal', 'jnl_2'), posting('jnl_2-p2', 'sales-journal', 'jnl_2')];
    expect(findDifferences(agreeing([paged], pages, []))).toEqual([]);
    expect(findDifferences(agreeing([paged], [pages[0]], [])).map((d) => [d.kind, d.reference])).toEqual([
      ['erp-posting-missing', 'jnl_2-p2'],
    ]);
  });

  it("checks a cancelled pickup order's DEMAND taken back (void, or reversed) and its points hold given back", () => {
    const cancelled: DayFlow = {
      workflow: 'pickup-order',
      flowId: 'po_1',
      state: 'CANCELLED',
      memberId: 'M',
      accruedPoints: null,
      redemptionId: 'RD1',
      pointsRedeemed: 300,
    };
    const voided = posting('demand_po_1', 'pickup-order', 'po_1', {
      kind: 'DEMAND',
      status: 'void',
      erpDocumentId: null,
    });
    const held = tx('hold-po_1', 'redemption', 300);
    expect(
      findDifferences(agreeing([cancelled], [voided], [held, tx('hold-po_1', 'redemption-cancel', 300)])),
    ).toEqual([]);
    const day = agreeing([cancelled], [voided], [held]);
    day.erpDocuments = [documentOf(voided)];
    expect(findDifferences(day).map((d) => d.kind)).toEqual([
      'erp-document-unexpected',
      'loyalty-redemption-not-released',
    ]);
    const reversed = [
      posting('demand_po_1', 'pickup-order', 'po_1', { kind: 'DEMAND' }),
      posting('rev_demand_po_1', 'pickup-order', 'po_1', {
        kind: 'DEMAND',
        lines: [{ sku: '100', quantity: -2, netAmountMinor: -2400 }],
      }),
    ];
    expect(
      findDifferences(agreeing([cancelled], reversed, [held, tx('hold-po_1', 'redemption-cancel', 300)])),
    ).toEqual([]);
  });

  it("expects a collected order's DEMAND and SALE, and its points hold kept", () => {
    const collected: DayFlow = {
      workflow: 'pickup-order',
      flowId: 'po_2',
      state: 'COLLECTED',
      memberId: 'M',
      accruedPoints: 12,
      redemptionId: 'RD2',
      pointsRedeemed: 100,
    };
    const day = agreeing(
      [collected],
      [posting('demand_po_2', 'pickup-order', 'po_2', { kind: 'DEMAND' })],
      [
        tx('hold-po_2', 'redemption', 100),
        tx('hold-po_2', 'redemption-cancel', 100),
        tx('accrual-po_2', 'accrual', 12),
      ],
    );
    expect(findDifferences(day).map((d) => [d.kind, d.reference])).toEqual([
      ['erp-posting-missing', 'sale_po_2'],
      ['loyalty-redemption-released', 'hold-po_2'],
    ]);
  });

  it("expects a refunded return's CREDIT_MEMO, points refund and accrual reversal, and reports postings not landed yet", () => {
    const refunded: DayFlow = {
      workflow: 'return',
      flowId: 'ret_1',
      state: 'REFUNDED',
      memberId: 'M',
      pointsRefunded: 50,
      pointsReversed: 7,
      accrualReference: 'accrual-sale_a',
    };
    const memo = posting('credit_memo_ret_1', 'return', 'ret_1', {
      kind: 'CREDIT_MEMO',
      status: 'dead',
      erpDocumentId: null,
    });
    expect(
      findDifferences(agreeing([refunded], [memo], [tx('points-refund-ret_1', 'accrual', 50)])).map((d) => [
        d.kind,
        d.reference,
      ]),
    ).toEqual([
      ['erp-posting-outstanding', 'credit_memo_ret_1'],
      ['loyalty-reversal-missing', 'accrual-reversal-ret_1'],
    ]);
  });

  describe('till redemptions', () => {
    const link = { workflow: 'till-redemption', flowId: 'rdm_1' };
    const redemption = (state: string, over: Partial<DayFlow> = {}): DayFlow =>
      ({
        workflow: 'till-redemption',
        flowId: 'rdm_1',
        state,
        points: 500,
        valueMinor: 500,
        loyaltyRedemptionId: 'RD1',
        capturedForSale: null,
        ...over,
      }) as DayFlow;
    const liability = posting(postingIdOf('POINTS_LIABILITY', 'rdm_1'), 'till-redemption', 'rdm_1', {
      kind: 'POINTS_LIABILITY',
      lines: [{ sku: 'LOYALTY-POINTS', quantity: 1, netAmountMinor: 500 }],
    });
    const held = tx('till-rdm_1', 'redemption', 500);
    const released = tx('till-rdm_1', 'redemption-cancel', 500);

    it('finds nothing when a captured hold is kept and its points liability landed, or a voided or expired one given back', () => {
      expect(findDifferences(agreeing([redemption('CAPTURED')], [liability], [held]))).toEqual([]);
      expect(findDifferences(agreeing([redemption('VOIDED')], [], [held, released]))).toEqual([]);
      expect(findDifferences(agreeing([redemption('EXPIRED')], [], [held, released]))).toEqual([]);
      expect(findDifferences(agreeing([redemption('AUTHORIZED')], [], [held]))).toEqual([]);
    });

    it('names a captured hold the ledger lost, with the till redemption it belongs to', () => {
      expect(findDifferences(agreeing([redemption('CAPTURED')], [liability], []))).toEqual([
        {
          kind: 'loyalty-redemption-missing',
          flow: link,
          reference: 'till-rdm_1',
          expected: { kind: 'redemption', points: 500 },
        },
      ]);
    });

    it('names a captured hold given back, or booked for other points, and a points liability never posted', () => {
      expect(
        findDifferences(agreeing([redemption('CAPTURED')], [], [held, released])).map((d) => [
          d.kind,
          d.flow,
          d.reference,
        ]),
      ).toEqual([
        ['erp-posting-missing', link, liability.postingId],
        ['loyalty-redemption-released', link, 'till-rdm_1'],
      ]);
      expect(
        findDifferences(
          agreeing([redemption('CAPTURED')], [liability], [tx('till-rdm_1', 'redemption', 50)]),
        ),
      ).toEqual([
        expect.objectContaining({
          kind: 'loyalty-points-mismatch',
          flow: link,
          found: expect.objectContaining({ points: 50 }),
        }),
      ]);
    });

    it('names a voided or expired hold never given back', () => {
      for (const state of ['VOIDED', 'EXPIRED'])
        expect(
          findDifferences(agreeing([redemption(state)], [], [held])).map((d) => [d.kind, d.flow]),
        ).toEqual([['loyalty-redemption-not-released', link]]);
    });

    it('lets an interrupted authorization hold nothing, but not keep what it held', () => {
      const abandoned = redemption('VOIDED', { loyaltyRedemptionId: null });
      expect(findDifferences(agreeing([abandoned], [], []))).toEqual([]);
      expect(findDifferences(agreeing([abandoned], [], [held, released]))).toEqual([]);
      expect(findDifferences(agreeing([abandoned], [], [held])).map((d) => d.kind)).toEqual([
        'loyalty-redemption-not-released',
      ]);
      expect(
        findDifferences(agreeing([redemption('AUTHORIZING', { loyaltyRedemptionId: null })], [], [])),
      ).toEqual([]);
    });

    describe('against the sale that captured it', () => {
      const sale = (over: Partial<Extract<DayFlow, { workflow: 'store-sale' }>>): DayFlow => ({
        ...(perSale as Extract<DayFlow, { workflow: 'store-sale' }>),
        pointsTendered: { points: 500, amountMinor: 500 },
        redemption: {
          redemptionId: 'rdm_1',
          settled: true,
          found: { state: 'CAPTURED', points: 500, valueMinor: 500, capturedForSale: 'ST-1:R1:1' },
        },
        ...over,
      });
      const saleDifferences = (flow: DayFlow) =>
        findDifferences(agreeing([flow], [perSalePosting], [tx('accrual-sale_a', 'accrual', 24)]));

      it('finds nothing when the sale tendered what the redemption it captured holds', () => {
        expect(saleDifferences(sale({}))).toEqual([]);
      });

      it('names points or a value tendered other than the redemption holds, and points tendered naming no redemption', () => {
        expect(saleDifferences(sale({ pointsTendered: { points: 400, amountMinor: 500 } }))).toEqual([
          {
            kind: 'sale-points-tender-mismatch',
            flow: { workflow: 'store-sale', flowId: 'sale_a' },
            reference: 'rdm_1',
            expected: { points: 500, amountMinor: 500 },
            found: { points: 400, amountMinor: 500 },
          },
        ]);
        expect(
          saleDifferences(sale({ pointsTendered: { points: 500, amountMinor: 450 } })).map((d) => d.kind),
        ).toEqual(['sale-points-tender-mismatch']);
        expect(saleDifferences(sale({ pointsTendered: null })).map((d) => d.kind)).toEqual([
          'sale-points-tender-mismatch',
        ]);
        expect(saleDifferences(sale({ redemption: null })).map((d) => [d.kind, d.reference])).toEqual([
          ['sale-points-tender-mismatch', 'no redemption'],
        ]);
      });

      it('names a redemption not captured for the sale, and a capture not settled yet', () => {
        const otherwise = sale({
          redemption: {
            redemptionId: 'rdm_1',
            settled: true,
            found: { state: 'CAPTURED', points: 500, valueMinor: 500, capturedForSale: 'ST-1:R1:9' },
          },
        });
        expect(saleDifferences(otherwise).map((d) => [d.kind, d.reference, d.found])).toEqual([
          ['sale-redemption-not-captured', 'rdm_1', { state: 'CAPTURED', capturedForSale: 'ST-1:R1:9' }],
        ]);
        const unknown = sale({ redemption: { redemptionId: 'rdm_x', settled: true, found: null } });
        expect(saleDifferences(unknown).map((d) => [d.kind, d.found])).toEqual([
          ['sale-redemption-not-captured', { state: null }],
        ]);
        const waiting = sale({
          redemption: {
            redemptionId: 'rdm_1',
            settled: false,
            found: { state: 'AUTHORIZED', points: 500, valueMinor: 500, capturedForSale: null },
          },
        });
        expect(saleDifferences(waiting).map((d) => d.kind)).toEqual(['sale-redemption-outstanding']);
      });
    });
  });
});
