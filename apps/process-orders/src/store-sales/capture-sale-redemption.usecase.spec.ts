import { jobCtx, storeCtx } from '../process-orders.fixture';
import type { TillRedemption } from '../till-redemptions/till-redemption';
import {
  openStoreSalesFixture,
  SALES_MEMBER,
  SALES_STORE,
  saleBatch,
  storeSale,
  type StoreSalesFixture,
} from './store-sales.fixture';

describe('CaptureSaleRedemption', () => {
  let fx: StoreSalesFixture;
  beforeAll(async () => {
    fx = await openStoreSalesFixture();
  });
  afterAll(() => fx.close());

  /** A hold of 100 points at the sales' store, AUTHORIZED until a minute from the clock's now. */
  async function authorized(id: string): Promise<void> {
    const redemption: TillRedemption = {
      id,
      state: 'AUTHORIZING',
      keys: { storeId: SALES_STORE, memberId: SALES_MEMBER },
      facts: { points: 100, valueMinor: 100, currency: 'USD' },
      createdAt: fx.clock.now().toISOString(),
      version: 1,
    };
    await fx.db.transaction(async (tx) => {
      await fx.redemptions.create(tx, storeCtx(SALES_STORE), redemption);
      const locked = await fx.redemptions.lock(tx, id);
      await fx.redemptions.move(tx, storeCtx(SALES_STORE), locked, 'authorize', {
        facts: {
          loyaltyRedemptionId: 'RD-1',
          expiresAt: new Date(fx.clock.now().getTime() + 60_000).toISOString(),
        },
      });
    });
  }

  /** A member's sale naming `redemptionId`, accepted; its id. */
  async function saleNaming(sequence: number, redemptionId: string): Promise<string> {
    const sale = storeSale(sequence, {
      memberId: SALES_MEMBER,
      redemptionId,
      tenders: [
        { type: 'CARD', amountMinor: 1801 },
        { type: 'POINTS', amountMinor: 100, points: 100 },
      ],
    });
    const { results } = await fx.record.execute(storeCtx(SALES_STORE), saleBatch(sale));
    const accepted = results[0] as { saleId?: string; outcome: string };
    if (!accepted.saleId) throw new Error(`the spec's sale was ${accepted.outcome}`);
    return accepted.saleId;
  }

  it('captures the redemption a sale names, for that sale, and records it once', async () => {
    await authorized('rdm_sale_ok');
    const saleId = await saleNaming(1, 'rdm_sale_ok');
    expect(await fx.queued('store-sale.capture-redemption', { saleId })).toBe(1);

    await fx.captureRedemption.execute(jobCtx(), { saleId });
    await fx.captureRedemption.execute(jobCtx(), { saleId });

    const redemption = await fx.redemptions.get('rdm_sale_ok');
    expect(redemption.state).toBe('CAPTURED');
    expect(redemption.facts.capturedForSale).toBe(`${SALES_STORE}:REG-01:1`);
    expect((await fx.stepsOf(saleId)).filter((s) => s === 'redemption-captured')).toHaveLength(1);
    expect((await fx.sales.get(saleId)).facts.redemptionSettledAt).toBe(fx.clock.now().toISOString());
  });

  it('records a redemption captured for another sale as not captured, for operators, without failing the job', async () => {
    await authorized('rdm_sale_taken');
    const first = await saleNaming(2, 'rdm_sale_taken');
    await fx.captureRedemption.execute(jobCtx(), { saleId: first });
    const second = await saleNaming(3, 'rdm_sale_taken');

    await fx.captureRedemption.execute(jobCtx(), { saleId: second });

    const [event] = (await fx.sales.timeline(second)).filter((e) => e.step === 'redemption-not-captured');
    expect(event).toMatchObject({ outcome: 'failed', detail: { reason: 'captured-otherwise' } });
    expect((await fx.redemptions.get('rdm_sale_taken')).facts.capturedForSale).toBe(
      `${SALES_STORE}:REG-01:2`,
    );
  });
});
