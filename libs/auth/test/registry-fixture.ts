import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiKeyDigest } from '../src/api-key.store';

/** The plaintext keys of a test registry, by keyId. */
export type TestKeys = Record<string, string>;

type AppSpec = {
  clientAppId: string;
  channel: string;
  plan?: string;
  storeId?: string;
  deviceId?: string;
  oauthClientId?: string;
  trustedServer?: boolean;
  keys: [string, 'active' | 'revoked'][];
};

export const TEST_PLANS = [
  {
    name: 'storefront-standard',
    priority: 'browse',
    windows: [
      { name: 'burst', limit: 20, windowS: 1 },
      { name: 'sustained', limit: 600, windowS: 60 },
    ],
  },
  {
    name: 'pos-device',
    priority: 'critical',
    perDevice: true,
    windows: [
      { name: 'burst', limit: 10, windowS: 1 },
      { name: 'sustained', limit: 300, windowS: 60 },
    ],
  },
  { name: 'service', priority: 'standard', windows: [{ name: 'burst', limit: 20, windowS: 1 }] },
];

export const TEST_CHANNEL_SCOPES = {
  'storefront-web': ['availability:read', 'loyalty:read'],
  pos: ['prices:read', 'availability:read', 'sales:write'],
  service: ['availability:read', 'loyalty:read', 'returns:read'],
  partner: ['availability:read'],
};

/** The client apps most auth tests use: a web app mid key rotation, two POS devices in two stores, a trusted back-office service app, a partner. */
export const TEST_APPS: AppSpec[] = [
  {
    clientAppId: 'web',
    channel: 'storefront-web',
    plan: 'storefront-standard',
    oauthClientId: 'web-oauth',
    keys: [
      ['web-new', 'active'],
      ['web-old', 'active'],
      ['web-gone', 'revoked'],
    ],
  },
  {
    clientAppId: 'pos-a1',
    channel: 'pos',
    plan: 'pos-device',
    storeId: 'STORE-A',
    deviceId: 'REG-1',
    oauthClientId: 'pos-a1-oauth',
    keys: [['pos-a1', 'active']],
  },
  {
    clientAppId: 'pos-b1',
    channel: 'pos',
    plan: 'pos-device',
    storeId: 'STORE-B',
    deviceId: 'REG-1',
    keys: [['pos-b1', 'active']],
  },
  {
    clientAppId: 'backoffice',
    channel: 'service',
    plan: 'service',
    oauthClientId: 'backoffice-oauth',
    trustedServer: true,
    keys: [['backoffice', 'active']],
  },
  { clientAppId: 'partner', channel: 'partner', plan: 'service', keys: [['partner', 'active']] },
];

const written: string[] = [];

/** Deletes the registry files this test file wrote; call from `afterAll`. */
export function removeTestRegistries(): void {
  for (const dir of written.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes a registry file to a fresh temp dir; `edit` may alter the raw content to make it invalid. */
export function writeTestRegistry(
  apps: AppSpec[] = TEST_APPS,
  edit: (raw: Record<string, unknown>) => void = () => undefined,
): { file: string; keys: TestKeys } {
  const keys: TestKeys = {};
  const clientApps = apps.map(({ keys: specs, plan, ...app }) => ({
    ...app,
    plan: plan ?? 'service',
    apiKeys: specs.map(([keyId, status]) => {
      keys[keyId] = `og_test_${app.channel}_${randomBytes(12).toString('hex')}`;
      return { keyId, sha256: apiKeyDigest(keys[keyId]), status };
    }),
  }));
  const raw: Record<string, unknown> = { channelScopes: TEST_CHANNEL_SCOPES, plans: TEST_PLANS, clientApps };
  edit(raw);
  const dir = mkdtempSync(join(tmpdir(), 'omnigate-registry-'));
  written.push(dir);
  const file = join(dir, 'client-apps.json');
  writeFileSync(file, JSON.stringify(raw));
  return { file, keys };
}
