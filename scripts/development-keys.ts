import { createHash } from 'node:crypto';
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
