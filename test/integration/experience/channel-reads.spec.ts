import type { AppProcess } from '../../support/app-process';
import {
  DEV_KEYS,
  DEV_STORES,
  PointsHoldsStub,
  type SystemStack,
  getWithKey,
  startExperienceApp,
  startSystemStack,
} from '../../support/experience-stack';
import type { SeedSummary } from '../../support/sandbox-client';
import { ageOf, secondsSince } from '../../support/cache-headers';
import { stockAt } from '../../support/orders-stack';
import { CALLER_KEYS, scraperHeaders, stopAll } from '../../support/stack';

const LOW_STOCK_THRESHOLD = 5;

describe('channel reads', () => {
  const holds = [
    { holdId: 'RD-1A', orderId: 'po_01JD2X8K4Q', points: 300, createdAt: '2026-11-20T17:04:00.000Z' },
    { holdId: 'RD-2B', orderId: 'po_01JD2X9Z7T', points: 200, createdAt: '2026-11-21T09:12:00.000Z' },
  ];
  let stack: SystemStack;
  let stub: PointsHoldsStub;
  let storefront: AppProcess;
  let storefrontWithoutOrders: AppProcess;
  let pos: AppProcess;
  let seed: SeedSummary;

  beforeAll(async () => {
    [stack, stub] = await Promise.all([
      startSystemStack({ LOG_LEVEL: 'info' }),
      new PointsHoldsStub(holds).start(),
    ]);
    const settings = { LOW_STOCK_THRESHOLD: String(LOW_STOCK_THRESHOLD), EDGE_CACHE_TTL_MS: '5000' };
    [storefront, storefrontWithoutOrders, pos] = await Promise.all([
      startExperienceApp('experience-storefront', stack, { ...settings, PROCESS_ORDERS_URL: stub.url }),
      startExperienceApp('experience-storefront', stack, settings),
      startExperienceApp('experience-pos', stack, settings),
    ]);
    seed = await stack.sandbox.seed();
  });
  afterAll(async () => {
    await stopAll(storefront, storefrontWithoutOrders, pos, ...stack.apps);
    await stub.close();
  });

  /** Inventory requests system-erp has served, from its own metrics (logs reach the test too late to count). */
  const erpInventoryReads = async () => {
    const response = await fetch(`${stack.erp.url}/metrics`, { headers: scraperHeaders() });
    if (!response.ok) throw new Error(`system-erp /metrics answered ${response.status}`);
    return (await response.text())
      .split('\n')
      .filter(
        (line) =>
          line.startsWith('omnigate_http_request_duration_seconds_count') &&
          line.includes('route="/v1/inventory'),
      )
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  };

  it('shapes store stock for shoppers: units available net of what the ERP holds reserved, a coarse status and when it was true', async () => {
    const levels = await stockAt(stack.sandbox, DEV_STORES[0], seed.skus.slice(200, 500));
    const partlyHeld = levels.filter((l) => l.reserved > 0 && l.reserved < l.onHand).slice(0, 3);
    const chosen = [...partlyHeld, ...levels.filter((l) => l.reserved === 0).slice(0, 7)];
    expect(chosen).toHaveLength(10);
    const skus = chosen.map((l) => l.sku);
    const response = await getWithKey(
      storefront,
      `/v1/stores/${DEV_STORES[0]}/availability?skus=${skus.join(',')}`,
      DEV_KEYS.web,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      storeId: string;
      skus: { sku: string; available: number; status: string; carried: boolean; asOf: string }[];
    };
    expect(body.storeId).toBe(DEV_STORES[0]);
    expect(body.skus.map((s) => s.sku)).toEqual(skus);
    expect(body.skus.map((s) => s.available)).toEqual(chosen.map((l) => l.onHand - l.reserved));
    for (const level of body.skus) {
      const expected =
        level.available === 0
          ? 'OUT_OF_STOCK'
          : level.available <= LOW_STOCK_THRESHOLD
            ? 'LOW_STOCK'
            : 'IN_STOCK';
      expect(level.status).toBe(expected);
      expect(Date.parse(level.asOf)).not.toBeNaN();
    }
    // Nothing read these SKUs before: the edge and system-erp both asked the ERP.
    expect(response.headers.get('x-cache')).toBe('MISS');
    expect(ageOf(response)).toBe(0);
  });

  it('answers a hot read from the edge cache without a hop, with the system age carried through', async () => {
    const path = `/v1/products/${seed.skus[30]}/availability?storeIds=${DEV_STORES.join(',')}`;
    const startedAt = Date.now();
    const first = await getWithKey(storefront, path, DEV_KEYS.mobile);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(ageOf(first)).toBe(0);
    const readsAfterFirst = await erpInventoryReads();
    expect(readsAfterFirst).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_100));

    const second = await getWithKey(storefront, path, DEV_KEYS.mobile);
    expect(second.status).toBe(200);
    expect(second.headers.get('x-cache')).toBe('HIT');
    // The edge aged the answer it kept: at least the second waited, at most the time since the ERP was read.
    expect(ageOf(second)).toBeGreaterThanOrEqual(1);
    expect(ageOf(second)).toBeLessThanOrEqual(secondsSince(startedAt));
    expect(await second.json()).toEqual(await first.json());
    expect(await erpInventoryReads()).toBe(readsAfterFirst);
  });

  it('answers 404 problems for an unknown store and an unknown SKU', async () => {
    const unknownStore = await getWithKey(
      storefront,
      `/v1/products/${seed.skus[0]}/availability?storeIds=${DEV_STORES[0]},ST-0000`,
      DEV_KEYS.web,
    );
    expect(unknownStore.status).toBe(404);
    expect(await unknownStore.json()).toMatchObject({
      type: 'https://omnigate.dev/problems/unknown-store',
      storeIds: ['ST-0000'],
    });
    const unknownSku = await getWithKey(
      storefront,
      `/v1/products/00000000/availability?storeIds=${DEV_STORES[0]}`,
      DEV_KEYS.web,
    );
    expect(unknownSku.status).toBe(404);
    expect(await unknownSku.json()).toMatchObject({ type: 'https://omnigate.dev/problems/unknown-sku' });
  });

  it("shows a member's balance with the points pickup orders hold, asking process-orders with the service key", async () => {
    const member = seed.members.find((m) => m.status === 'ACTIVE')!;
    const response = await getWithKey(
      storefront,
      `/v1/loyalty/members/${member.memberNumber}?activity=3`,
      DEV_KEYS.service,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown> & {
      balance: Record<string, number>;
      recentActivity: unknown[];
    };
    expect(body).toMatchObject({ memberId: member.memberNumber, holdsAvailable: true, holds });
    expect(body.balance.heldPoints).toBe(500);
    expect(body.balance.availablePoints).toEqual(expect.any(Number));
    expect(body.recentActivity.length).toBeLessThanOrEqual(3);
    expect(stub.serviceKeys).toContain(CALLER_KEYS['experience-storefront']);
  });

  it('answers a member without holds when process-orders cannot be asked', async () => {
    const member = seed.members.find((m) => m.status === 'ACTIVE')!;
    const response = await getWithKey(
      storefrontWithoutOrders,
      `/v1/loyalty/members/${member.memberNumber}`,
      DEV_KEYS.service,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      holdsAvailable: false,
      holds: [],
      balance: { heldPoints: 0 },
    });
  });

  it('prices SKUs for the till with the promotions that apply to each, and lists the ones the store does not sell', async () => {
    const promotion = seed.promotions.find((p) => p.activeNow && p.storeIds.includes(DEV_STORES[0]))!;
    const skus = [promotion.itemIds[0], seed.skus[40], '00000000'];
    const response = await getWithKey(
      pos,
      `/v1/stores/${DEV_STORES[0]}/prices?skus=${skus.join(',')}`,
      DEV_KEYS.posStore1Register,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      storeId: string;
      items: {
        sku: string;
        unitPrice: { amountMinor: number; currency: string };
        promotions: { promotionId: string }[];
      }[];
      unknownSkus: string[];
    };
    expect(body.unknownSkus).toContain('00000000');
    const promoted = body.items.find((i) => i.sku === promotion.itemIds[0]);
    expect(promoted?.promotions.map((p) => p.promotionId)).toContain(promotion.promoId);
    for (const item of body.items) {
      expect(Number.isInteger(item.unitPrice.amountMinor)).toBe(true);
      expect(item.unitPrice.currency).toMatch(/^[A-Z]{3}$/);
    }
  });
});
