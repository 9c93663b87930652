import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { MemoryCacheStore, ReadThroughCache } from '@omnigate/cache';
import { callerKeyDigestsSetting } from '@omnigate/auth';
import { loadConfig } from '@omnigate/config';
import { UpstreamError } from '@omnigate/problems';
import { PosBackOfficeClient } from '../pos/pos-back-office.client';
import { ScriptedBackend } from '@omnigate/http-client/testing';
import { SystemPosConfig } from '../system-pos.config';
import type { PosStore } from './pos-store.mapper';
import { UnknownStore } from './stores.errors';
import { StoresService } from './stores.service';

const portland: PosStore = {
  store_code: 'ST-4821',
  name: 'Portland Downtown',
  region: 'WEST',
  timezone: 'America/Los_Angeles',
  address: { line1: '12 Main St', city: 'Portland', postal_code: '97204', country: 'US' },
  registers: ['R01'],
  price_list_id: 'PL-WE',
  status: 'OPEN',
};

function storesOver(backend: ScriptedBackend) {
  const cache = new ReadThroughCache(new MemoryCacheStore(), pino({ level: 'silent' }));
  return new StoresService(
    new PosBackOfficeClient(backend.asClient()),
    cache,
    loadConfig(SystemPosConfig, {
      INTERNAL_CALLER_KEY_DIGESTS: callerKeyDigestsSetting({
        'process-orders': randomBytes(24).toString('hex'),
      }),
    }),
  );
}

describe('StoresService', () => {
  it('answers a second read of a store from the cache', async () => {
    const backend = new ScriptedBackend('pos').answer('GET', '/stores/ST-4821', 200, portland);
    const stores = storesOver(backend);

    const first = await stores.getStore('ST-4821');
    const second = await stores.getStore('ST-4821');

    expect(first.value.storeId).toBe('ST-4821');
    expect(second.state).toBe('fresh');
    expect(backend.callsTo('GET', '/stores/ST-4821')).toHaveLength(1);
  });

  it('turns the back office store_not_found into unknown-store', async () => {
    const backend = new ScriptedBackend('pos').answer('GET', '/stores/ST-0000', 404, {
      error: 'store_not_found',
    });

    await expect(storesOver(backend).getStore('ST-0000')).rejects.toBeInstanceOf(UnknownStore);
  });

  it('passes a back office outage on as an upstream error', async () => {
    const backend = new ScriptedBackend('pos').answer('GET', '/stores', 503, { error: 'maintenance' });

    await expect(storesOver(backend).listStores()).rejects.toBeInstanceOf(UpstreamError);
  });
});
