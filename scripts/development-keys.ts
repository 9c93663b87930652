import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A development API key and the client app it belongs to. */
export interface DevelopmentKey {
  clientAppId: string;
  key: string;
}

interface Registry {
  clientApps: { clientAppId: string; apiKeys: { sha256: string; status: string }[] }[];
}

const KEY_ROW = /^\|\s*`([a-z0-9-]+)`\s*\|.*`(og_dev_[A-Za-z0-9_-]+)`\s*\|\s*$/;

/**
 * The first active key of each client app, as config/README.md lists them (the registry holds only
 * their digests), kept only where the development registry still holds that digest as active: a row
 * the README lists wrongly is left out rather than printed for a key the apps refuse.
 */
export function developmentKeys(repoRoot: string): DevelopmentKey[] {
  const registry = JSON.parse(
    readFileSync(join(repoRoot, 'config', 'client-apps.dev.json'), 'utf8'),
  ) as Registry;
  const active = new Map(
    registry.clientApps.flatMap((app) =>
      app.apiKeys.filter((k) => k.status === 'active').map((k) => [k.sha256, app.clientAppId] as const),
    ),
  );
  const keys: DevelopmentKey[] = [];
  for (const line of readFileSync(join(repoRoot, 'config', 'README.md'), 'utf8').split('\n')) {
    const [, clientAppId, key] = KEY_ROW.exec(line) ?? [];
    if (!key || active.get(createHash('sha256').update(key).digest('hex')) !== clientAppId) continue;
    if (!keys.some((k) => k.clientAppId === clientAppId)) keys.push({ clientAppId, key });
  }
  return keys;
}

/** A control tower key of each kind for one run, and the settings that admit them (`person:sha256`). */
export function newControlTowerKeys(): {
  viewer: string;
  operator: string;
  settings: Record<string, string>;
} {
  const viewer = `og_tower_viewer_${randomBytes(18).toString('base64url')}`;
  const operator = `og_tower_operator_${randomBytes(18).toString('base64url')}`;
  const digest = (key: string) => createHash('sha256').update(key).digest('hex');
  return {
    viewer,
    operator,
    settings: {
      CONTROL_TOWER_VIEWER_KEY_DIGESTS: `viewer:${digest(viewer)}`,
      CONTROL_TOWER_OPERATOR_KEY_DIGESTS: `operator:${digest(operator)}`,
    },
  };
}
