import { createHash } from 'node:crypto';
import { ApiKeyStore, apiKeyDigest } from './api-key.store';
import { ClientAppRegistry } from './client-app-registry';
import { writeTestRegistry, removeTestRegistries } from '../test/registry-fixture';

describe('ApiKeyStore', () => {
  const { file, keys } = writeTestRegistry();
  const store = new ApiKeyStore(ClientAppRegistry.fromFile(file).apps);

  it('recognises both active keys of an app during a rotation', () => {
    const oldKey = store.match(keys['web-old']);
    const newKey = store.match(keys['web-new']);
    expect(oldKey).toMatchObject({ status: 'active', keyId: 'web-old', app: { clientAppId: 'web' } });
    expect(newKey).toMatchObject({ status: 'active', keyId: 'web-new', app: { clientAppId: 'web' } });
  });

  it('reports a revoked key as revoked, not active', () => {
    expect(store.match(keys['web-gone'])).toMatchObject({ status: 'revoked', keyId: 'web-gone' });
  });

  it('does not recognise an unknown key or a near miss', () => {
    expect(store.match('og_test_storefront-web_nope')).toEqual({ status: 'unknown' });
    expect(store.match(keys['web-new'] + ' ')).toEqual({ status: 'unknown' });
    expect(store.match(keys['web-new'].slice(0, -1))).toEqual({ status: 'unknown' });
  });

  it('digests a key as the registry lists it (hex SHA-256 of its UTF-8)', () => {
    for (const key of ['og_test_storefront-web_x', 'clé-ünïcode']) {
      expect(apiKeyDigest(key)).toBe(createHash('sha256').update(key, 'utf8').digest('hex'));
    }
  });

  it('tells apps apart by their keys', () => {
    expect(store.match(keys['pos-b1'])).toMatchObject({
      status: 'active',
      app: { clientAppId: 'pos-b1', storeId: 'STORE-B' },
    });
  });
});

afterAll(removeTestRegistries);
