import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newControlTowerKeys } from './development-keys';
import {
  INTERNAL_CALLERS,
  type InternalCaller,
  callerKeyDigestsSetting,
  newInternalKey,
} from '@omnigate/auth';

/** The `.env` name holding a caller's own internal key: `experience-pos` -> `EXPERIENCE_POS_KEY`. */
export function callerKeyVariable(caller: InternalCaller): string {
  return `${caller.toUpperCase().replace(/-/g, '_')}_KEY`;
}

/**
 * Fresh secrets for compose.yaml, which reads them from `.env` (never committed): the PostgreSQL
 * password, one key per internal caller, and the digests of all of them that every app accepts.
 */
export function composeSecrets(): Record<string, string> {
  const keys = Object.fromEntries(
    INTERNAL_CALLERS.map((caller) => [caller, newInternalKey(caller)]),
  ) as Record<InternalCaller, string>;
  const tower = newControlTowerKeys();
  return {
    POSTGRES_PASSWORD: randomBytes(24).toString('base64url'),
    CONTROL_TOWER_VIEWER_KEY: tower.viewer,
    CONTROL_TOWER_OPERATOR_KEY: tower.operator,
    ...tower.settings,
    INTERNAL_CALLER_KEY_DIGESTS: callerKeyDigestsSetting(keys),
    ...Object.fromEntries(INTERNAL_CALLERS.map((caller) => [callerKeyVariable(caller), keys[caller]])),
  };
}

/** `npm run compose:secrets`: writes `.env` at the repository root, never over an existing one (its keys may be in use). */
if (require.main === module) {
  const file = join(__dirname, '..', '..', '.env');
  if (existsSync(file)) {
    process.stderr.write(`${file} exists; remove it first to make new secrets\n`);
    process.exit(1);
  }
  const lines = Object.entries(composeSecrets()).map(([name, value]) => `${name}=${value}`);
  writeFileSync(
    file,
    '# Secrets of the compose stack (compose.yaml); made by scripts/compose-secrets.ts. Never commit.\n' +
      '# OPERATOR_KEY opens process-orders /v1/ops/... (X-Service-Key), METRICS_SCRAPER_KEY every /metrics (Bearer),\n' +
      '# CONTROL_TOWER_VIEWER_KEY and CONTROL_TOWER_OPERATOR_KEY sign in at the control tower (http://127.0.0.1:3300/).\n' +
      `${lines.join('\n')}\n`,
    { mode: 0o600 },
  );
  process.stdout.write(`wrote ${file}\n`);
}
