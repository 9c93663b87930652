import { ScriptedBackend } from '@omnigate/http-client/testing';
import { ErpApi, SystemApiClient } from '@omnigate/system-clients';
import { EdgeCache } from './edge-cache';
import { StoreStockReader } from './store-stock.reader';

const LOW_STOCK_THRESHOLD = 5;
const position = (sku: string, onHand: number, reserved: number) => ({
  sku,
  locationId: 'ST-4821',
  onHand,
  reserved,
  available: onHand - reserved,
  asOf: '2026-11-23T09:30:00.000Z',
});

function readerOver(systemErp: ScriptedBackend) {
  const erp = new ErpApi(new SystemApiClient(systemErp.asClient(), 'service-key'));
  return new StoreStockReader(
    erp,
    new EdgeCache({ ttlMs: 60_000, stockStaleWhileRevalidateMs: 0, maxEntries: 100, directoryTtlS: 60 }),
    LOW_STOCK_THRESHOLD,
  );
}

describe('StoreStockReader', () => {
  it("answers each pair in the order asked: system-erp's available for a position, not carried for a pair it lists in notCarried", async () => {
    const systemErp = new ScriptedBackend('system-erp').answer('GET', '/v1/inventory/stores/ST-4821', 200, {
      positions: [position('40213377', 12, 9), position('11842290', 40, 0)],
      notCarried: ['ST-4821/99999999'],
    });

    const before = Date.now();
    const read = await readerOver(systemErp).ofStore('ST-4821', ['99999999', '40213377', '11842290']);
    const after = Date.now();

    // A pair not carried has no position to date it: it is dated when system-erp was asked (its answer was just loaded).
    const notCarriedAsOf = Date.parse(read.value[0].asOf);
    expect(notCarriedAsOf).toBeGreaterThanOrEqual(before);
    expect(notCarriedAsOf).toBeLessThanOrEqual(after);
    expect(read.value).toEqual([
      {
        storeId: 'ST-4821',
        sku: '99999999',
        available: 0,
        status: 'OUT_OF_STOCK',
        carried: false,
        asOf: read.value[0].asOf,
      },
      {
        storeId: 'ST-4821',
        sku: '40213377',
        available: 3,
        status: 'LOW_STOCK',
        carried: true,
        asOf: '2026-11-23T09:30:00.000Z',
      },
      {
        storeId: 'ST-4821',
        sku: '11842290',
        available: 40,
        status: 'IN_STOCK',
        carried: true,
        asOf: '2026-11-23T09:30:00.000Z',
      },
    ]);
    expect(systemErp.callsTo('GET', '/v1/inventory/stores/ST-4821').map((c) => c.params)).toEqual([
      { skus: '99999999,40213377,11842290' },
    ]);
  });

  it('asks system-erp only for the pairs the edge does not hold yet', async () => {
    const systemErp = new ScriptedBackend('system-erp').answer('GET', '/v1/inventory/skus/40213377', 200, {
      positions: [position('40213377', 12, 2)],
      notCarried: ['ST-1177/40213377'],
    });
    const reader = readerOver(systemErp);
    await reader.ofSku('40213377', ['ST-4821', 'ST-1177']);

    systemErp.answer('GET', '/v1/inventory/skus/40213377', 200, {
      positions: [{ ...position('40213377', 7, 0), locationId: 'ST-6930' }],
      notCarried: [],
    });
    const read = await reader.ofSku('40213377', ['ST-6930', 'ST-4821']);

    expect(read.value.map(({ storeId, available }) => [storeId, available])).toEqual([
      ['ST-6930', 7],
      ['ST-4821', 10],
    ]);
    expect(systemErp.callsTo('GET', '/v1/inventory/skus/40213377').map((c) => c.params)).toEqual([
      { storeIds: 'ST-4821,ST-1177' },
      { storeIds: 'ST-6930' },
    ]);
  });

  it('refuses an answer that says nothing about a pair it was asked for, rather than guessing it is not carried', async () => {
    const systemErp = new ScriptedBackend('system-erp').answer('GET', '/v1/inventory/stores/ST-4821', 200, {
      positions: [],
      notCarried: [],
    });

    await expect(readerOver(systemErp).ofStore('ST-4821', ['40213377'])).rejects.toThrow(
      /neither a position nor notCarried for ST-4821\/40213377/,
    );
  });
});
