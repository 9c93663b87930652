import type { ErpDocumentDto } from '@omnigate/contracts';
import { postingIdOf, type PostingRecord } from '@omnigate/erp-postings';
import { UpstreamError } from '@omnigate/problems';
import type { ErpApi } from '@omnigate/system-clients';
import { collectionAccrualReference } from '../pickup-orders/complete-collection.usecase';
import {
  MEMBER,
  openPickupOrdersFixture,
  type PickupOrdersFixture,
} from '../pickup-orders/pickup-orders.fixture';
import { jobCtx, memberCtx, refusalOf, storeCtx } from '../process-orders.fixture';
import { ReconcileStoreDay } from './reconcile-store-day.usecase';
import { ReconciledDayRepository } from './reconciled-day.repository';
import { ReconciliationReportsRepository } from './reconciliation-reports.repository';

/** system-erp's document reads in memory: the documents the ERP holds, by our posting id. */
class FakeErpDocuments implements Pick<ErpApi, 'documents' | 'storeDocuments'> {
  readonly held = new Map<string, ErpDocumentDto>();

  /** The ERP holds a document for the posting, as its posting would have created it. */
  hold(posting: PostingRecord, erpDocumentId: string): void {
    this.held.set(posting.postingId, {
      erpDocumentId,
      postingId: posting.postingId,
      kind: posting.kind,
      storeId: posting.storeId,
      currency: posting.currency,
      documentDate: posting.occurredAt,
      totalMinor: posting.lines.reduce((sum, l) => sum + l.netAmountMinor, 0),
      lines: posting.lines,
      ...(posting.reference && { reference: posting.reference }),
    });
  }

  async documents(postingIds: string[]): Promise<ErpDocumentDto[]> {
    return postingIds.flatMap((id) => this.held.get(id) ?? []);
  }

  async storeDocuments(storeId: string, documentDate: string): Promise<ErpDocumentDto[]> {
    return [...this.held.values()].filter(
      (d) => d.storeId === storeId && d.documentDate.slice(0, 10) === documentDate,
    );
  }

  asApi(): ErpApi {
    return this as unknown as ErpApi;
  }
}

describe('ReconcileStoreDay', () => {
  let fx: PickupOrdersFixture;
  let erp: FakeErpDocuments;
  let reports: ReconciliationReportsRepository;
  let reconcile: ReconcileStoreDay;
  beforeAll(async () => {
    fx = await openPickupOrdersFixture();
    // An order's day is when the database created it; its postings are dated by the app's clock: the two agree, as in production.
    fx.clock.advance((Date.now() - fx.clock.now().getTime()) / 1000);
    erp = new FakeErpDocuments();
    reports = new ReconciliationReportsRepository(fx.db);
    reconcile = new ReconcileStoreDay(
      new ReconciledDayRepository(fx.db),
      reports,
      erp.asApi(),
      fx.loyalty.asApi(),
    );
  });
  afterAll(() => fx.close());

  /**
   * A member's pickup order at `storeId` taken through every step to collected, 50 points redeemed
   * and its accrual booked, with its DEMAND and SALE postings landed in the ERP. `lost` names what the
   * backends no longer hold for it: the ERP a posting's document, the loyalty platform its accrual.
   */
  async function collectedOrder(
    storeId: string,
    lost: { erpDocument?: 'DEMAND' | 'SALE'; loyaltyAccrual?: true } = {},
  ): Promise<string> {
    fx.pos.price(storeId, 'SKU-A', 1_000);
    const { orderId } = (
      await fx.place.execute(memberCtx(MEMBER), {
        storeId,
        memberId: MEMBER,
        lines: [{ sku: 'SKU-A', quantity: 2 }],
        redeemPoints: 50,
      })
    ).order;
    await fx.createInOms.execute(jobCtx(), { orderId });
    await fx.sendPickList.execute(jobCtx(), { orderId });
    await fx.markReady.execute(storeCtx(storeId), { orderId, storeId });
    await fx.collect.execute(storeCtx(storeId), { orderId, storeId });
    await fx.completeCollection.execute(jobCtx(), { orderId });
    for (const posting of await fx.ledger.listBySource('pickup-order', orderId)) {
      const erpDocumentId = `9${posting.postingId.length}${orderId.slice(-8)}`;
      await fx.db.transaction((tx) => fx.ledger.markPosted(tx, posting.postingId, erpDocumentId, 'corr-erp'));
      if (posting.kind !== lost.erpDocument) erp.hold(posting, erpDocumentId);
    }
    if (lost.loyaltyAccrual) {
      const accrual = fx.loyalty.ledger.findIndex(
        (t) => t.kind === 'accrual' && t.reference === collectionAccrualReference(orderId),
      );
      expect(accrual).toBeGreaterThanOrEqual(0);
      fx.loyalty.ledger.splice(accrual, 1);
    }
    return orderId;
  }

  /** The UTC day the order was created on: the business date it is reconciled under. */
  const dayOf = async (orderId: string) => (await fx.orders.get(orderId)).createdAt.slice(0, 10);
  const run = async (storeId: string, businessDate: string) =>
    reconcile.execute(jobCtx(), {
      storeId,
      businessDate,
      trigger: 'on-demand',
      requestedBy: 'dana.ops',
    });

  it('finds no difference when the ERP and the loyalty platform hold what the flows booked, and keeps the report', async () => {
    const storeId = 'ST-REC-OK';
    const businessDate = await dayOf(await collectedOrder(storeId));
    await collectedOrder(storeId);

    const report = await run(storeId, businessDate);

    expect(report).toMatchObject({
      storeId,
      businessDate,
      trigger: 'on-demand',
      requestedBy: 'dana.ops',
      // Two orders: a DEMAND and a SALE each, a points hold and an accrual each.
      checked: { flows: 2, postings: 4, erpDocuments: 4, loyaltyTransactions: 4 },
      differences: [],
    });
    expect(await reports.find(report.reportId)).toEqual(report);
  });

  it('reports exactly a lost ERP document and a lost loyalty accrual, each on its own flow', async () => {
    const storeId = 'ST-REC-DIFF';
    const documentLost = await collectedOrder(storeId, { erpDocument: 'SALE' });
    const accrualLost = await collectedOrder(storeId, { loyaltyAccrual: true });
    await collectedOrder(storeId);
    const sale = (await fx.ledger.find(postingIdOf('SALE', documentLost)))!;
    const { accruedPoints } = await fx.orders.get(accrualLost);

    const report = await run(storeId, await dayOf(documentLost));

    expect(report.differences).toEqual([
      {
        kind: 'erp-document-missing',
        flow: { workflow: 'pickup-order', flowId: documentLost },
        reference: sale.postingId,
        erpDocumentId: sale.erpDocumentId,
        expected: { kind: 'SALE', totalMinor: 2_000 },
      },
      {
        kind: 'loyalty-accrual-missing',
        flow: { workflow: 'pickup-order', flowId: accrualLost },
        reference: collectionAccrualReference(accrualLost),
        expected: { kind: 'accrual', points: accruedPoints },
      },
    ]);
    expect(accruedPoints).toBeGreaterThan(0);
    expect(report.checked).toEqual({ flows: 3, postings: 6, erpDocuments: 5, loyaltyTransactions: 5 });
    expect(await reports.find(report.reportId)).toEqual(report);
    expect(await reports.latest({ storeId, limit: 10 })).toEqual([
      expect.objectContaining({
        reportId: report.reportId,
        differenceCount: 2,
        differencesByKind: { 'erp-document-missing': 1, 'loyalty-accrual-missing': 1 },
      }),
    ]);
  });

  it('keeps no report when a backend cannot be read, rather than calling what it could not see missing', async () => {
    const storeId = 'ST-REC-DOWN';
    const businessDate = await dayOf(await collectedOrder(storeId));
    const down = new UpstreamError('loyalty', 'read loyalty transactions', 'timeout', 'no answer in 2000 ms');
    fx.loyalty.failNext('transactions', down);

    expect(await refusalOf(run(storeId, businessDate))).toBe(down);
    expect(await reports.latest({ storeId, limit: 10 })).toEqual([]);
  });
});
