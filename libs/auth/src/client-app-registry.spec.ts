import { join } from 'node:path';
import { ClientAppRegistry } from './client-app-registry';
import { InvalidClientAppRegistry } from './registry-file';
import { writeTestRegistry, TEST_APPS, removeTestRegistries } from '../test/registry-fixture';

function offendersOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof InvalidClientAppRegistry) return error.offenders;
    throw error;
  }
  throw new Error('expected the registry to be refused');
}

describe('ClientAppRegistry', () => {
  it('loads the development registry of the repository', () => {
    const registry = ClientAppRegistry.fromFile(join(__dirname, '../../../config/client-apps.dev.json'));
    const channels = new Set(registry.apps.map((a) => a.channel));
    expect([...channels].sort()).toEqual([
      'partner',
      'pos',
      'service',
      'storefront-mobile',
      'storefront-web',
    ]);
    const posStores = new Set(
      registry.apps.filter((a) => a.channel === 'pos' && a.deviceId).map((a) => a.storeId),
    );
    expect(posStores.size).toBe(2);
  });

  it('finds apps by id and by OAuth client id, and gives API keys their channel scopes', () => {
    const registry = ClientAppRegistry.fromFile(writeTestRegistry().file);
    expect(registry.findById('pos-a1')?.storeId).toBe('STORE-A');
    expect(registry.findByOauthClientId('web-oauth')?.clientAppId).toBe('web');
    expect(registry.scopesOf('pos')).toEqual(['prices:read', 'availability:read', 'sales:write']);
    expect(registry.scopesOf('storefront-mobile')).toEqual([]);
  });

  it('names the offending app and field of a malformed entry', () => {
    const { file } = writeTestRegistry(TEST_APPS, (raw) => {
      const apps = raw.clientApps as Record<string, any>[];
      apps[1].channel = 'kiosk';
      apps[0].apiKeys[0].sha256 = 'not-hex';
    });
    const offenders = offendersOf(() => ClientAppRegistry.fromFile(file));
    expect(offenders).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^clientApps\[1\] \(pos-a1\)\.channel: /),
        expect.stringMatching(/^clientApps\[0\] \(web\)\.apiKeys\[0\] \(web-new\)\.sha256: /),
      ]),
    );
  });

  it('refuses unknown fields, duplicate keys and a POS app bound to no store', () => {
    const { file } = writeTestRegistry(TEST_APPS, (raw) => {
      const apps = raw.clientApps as Record<string, any>[];
      apps[0].colour = 'blue';
      apps[2].apiKeys[0].keyId = 'pos-a1';
      delete apps[2].storeId;
    });
    const schemaOffenders = offendersOf(() => ClientAppRegistry.fromFile(file));
    expect(schemaOffenders).toEqual([expect.stringMatching(/^clientApps\[0\] \(web\)\.colour: /)]);

    const { file: fixed } = writeTestRegistry(TEST_APPS, (raw) => {
      const apps = raw.clientApps as Record<string, any>[];
      apps[2].apiKeys[0].keyId = 'pos-a1';
      delete apps[2].storeId;
    });
    expect(offendersOf(() => ClientAppRegistry.fromFile(fixed))).toEqual([
      "keyId 'pos-a1' is used twice",
      "client app 'pos-b1': a pos app must name its storeId",
    ]);
  });

  it('reads the trusted-server mark, and refuses one that is not a boolean', () => {
    const registry = ClientAppRegistry.fromFile(writeTestRegistry().file);
    expect(registry.findById('backoffice')?.trustedServer).toBe(true);
    expect(registry.findById('web')?.trustedServer).toBeUndefined();
    const { file } = writeTestRegistry(TEST_APPS, (raw) => {
      (raw.clientApps as Record<string, unknown>[])[0].trustedServer = 'yes';
    });
    expect(offendersOf(() => ClientAppRegistry.fromFile(file))).toEqual([
      expect.stringMatching(/^clientApps\[0\] \(web\)\.trustedServer: /),
    ]);
  });

  it('marks only the customer-service app of the development registry as a trusted server', () => {
    const registry = ClientAppRegistry.fromFile(join(__dirname, '../../../config/client-apps.dev.json'));
    expect(registry.apps.filter((a) => a.trustedServer).map((a) => a.clientAppId)).toEqual([
      'dev-customer-service',
    ]);
  });

  it('names the file when it is not JSON', () => {
    const { file } = writeTestRegistry();
    require('node:fs').writeFileSync(file, '{ nope');
    expect(() => ClientAppRegistry.fromFile(file)).toThrow(file);
  });
});

afterAll(removeTestRegistries);
