import { UpstreamError } from '@omnigate/problems';
import { SystemRefusal } from '@omnigate/system-clients';
import { jobCtx, refusalOf, storeCtx } from '../process-orders.fixture';
import { saleAccrualReference } from './accrue-sale-points.usecase';
import {
  openStoreSalesFixture,
  SALES_MEMBER,
  SALES_STORE,
  saleBatch,
  storeSale,
  type StoreSalesFixture,
} from './store-sales.fixture';
import type { StoreSaleDto } from '@omnigate/contracts';

describe('AccrueSalePoints', () => {
  let fx: StoreSalesFixture;
  beforeAll(async () => {
    fx = await openStoreSalesFixture({ POINTS_PER_CURRENCY_UNIT: 3 });
  });
  afterAll(() => fx.close());

  async function accepted(sequence: number, overrides: Partial<StoreSaleDto> = {}): Promise<string> {
    const { results } = await fx.record.execute(
      storeCtx(SALES_STORE),
      saleBatch(storeSale(sequence, { memberId: SALES_MEMBER, ...overrides })),
    );
    return (results[0] as { saleId: string }).saleId;
  }

  it('accrues points on what was paid in money, once, under the sale id', async () => {
    const saleId = await accepted(1);
    await fx.accruePoints.execute(jobCtx(), { saleId });
    await fx.accruePoints.execute(jobCtx(), { saleId });
    // 19.01 paid by card: 19 whole units, 3 points each.
    expect(fx.loyalty.accruals.get(saleAccrualReference(saleId))).toMatchObject({
      memberId: SALES_MEMBER,
      points: 57,
    });
    expect(fx.loyalty.calls.filter((c) => c === 'accrue')).toHaveLength(1);
    expect((await fx.sales.get(saleId)).facts.accruedPoints).toBe(57);
    expect((await fx.stepsOf(saleId)).filter((s) => s === 'points-accrued')).toHaveLength(1);
  });

  it('earns nothing on points tendered', async () => {
    const saleId = await accepted(2, {
      tenders: [
        { type: 'CARD', amountMinor: 901 },
        { type: 'POINTS', amountMinor: 1000, points: 1000 },
      ],
    });
    await fx.accruePoints.execute(jobCtx(), { saleId });
    expect(fx.loyalty.accruals.get(saleAccrualReference(saleId))).toMatchObject({ points: 27 });
  });

  it('notes a member the platform refuses as a failed step, and the sale stands', async () => {
    const saleId = await accepted(3);
    fx.loyalty.failNext(
      'accrue',
      new SystemRefusal(404, { type: 'unknown-member', title: 'No such member' }),
    );
    await fx.accruePoints.execute(jobCtx(), { saleId });
    const sale = await fx.sales.get(saleId);
    expect(sale.facts.accruedPoints).toBe(0);
    const [event] = (await fx.sales.timeline(saleId)).filter((e) => e.step === 'points-accrued');
    expect(event.outcome).toBe('failed');
  });

  it('leaves a transport failure to the retry, with nothing recorded', async () => {
    const saleId = await accepted(4);
    fx.loyalty.failNext('accrue', new UpstreamError('loyalty', 'accrue points', 'timeout', 'timed out'));
    expect(await refusalOf(fx.accruePoints.execute(jobCtx(), { saleId }))).toBeInstanceOf(UpstreamError);
    expect((await fx.sales.get(saleId)).facts.accruedPoints).toBeUndefined();
    expect(await fx.stepsOf(saleId)).not.toContain('points-accrued');
  });
});
