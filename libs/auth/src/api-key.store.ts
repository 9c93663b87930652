import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientApp } from './client-app-registry';

/** What an API key turned out to be. */
export type ApiKeyMatch =
  | { status: 'active' | 'revoked'; app: ClientApp; keyId: string }
  | { status: 'unknown' };

interface StoredKey {
  digest: Buffer;
  app: ClientApp;
  keyId: string;
  status: 'active' | 'revoked';
}

/** Recognises client apps by API key, holding only the keys' SHA-256 digests. */
export class ApiKeyStore {
  private readonly keys: StoredKey[];

  constructor(apps: readonly ClientApp[]) {
    this.keys = apps.flatMap((app) =>
      app.apiKeys.map((k) => ({ digest: Buffer.from(k.sha256, 'hex'), app, keyId: k.keyId, status: k.status })),
    );
  }

  /** Finds the key whose digest equals the presented key's, comparing against every key in constant time. */
  match(presentedKey: string): ApiKeyMatch {
    const digest = createHash('sha256').update(presentedKey, 'utf8').digest();
    let found: StoredKey | undefined;
    // No early exit: the time taken must not tell how many keys were compared before a hit.
    for (const key of this.keys) {
      if (timingSafeEqual(digest, key.digest)) found = key;
    }
    return found ? { status: found.status, app: found.app, keyId: found.keyId } : { status: 'unknown' };
  }
}

/** The hex SHA-256 digest of an API key, as stored in the registry. */
export function apiKeyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
