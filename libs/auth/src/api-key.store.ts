import { hash } from 'node:crypto';
import type { ClientApp } from './client-app-registry';

/** What an API key turned out to be. */
export type ApiKeyMatch =
  { status: 'active' | 'revoked'; app: ClientApp; keyId: string } | { status: 'unknown' };

/**
 * Recognises client apps by API key, holding only the keys' SHA-256 digests, in a map from digest
 * to key: one one-shot digest and one lookup per request, whatever the number of keys. The lookup
 * is by the digest of what was presented, so its timing tells nothing about the stored keys. A key
 * revoked in the registry is revoked in the store built from it (the registry is read at boot).
 */
export class ApiKeyStore {
  private readonly byDigest: ReadonlyMap<string, Exclude<ApiKeyMatch, { status: 'unknown' }>>;

  constructor(apps: readonly ClientApp[]) {
    this.byDigest = new Map(
      apps.flatMap((app) =>
        app.apiKeys.map((k) => [k.sha256.toLowerCase(), { status: k.status, app, keyId: k.keyId }] as const),
      ),
    );
  }

  /** The key whose digest equals the presented key's. */
  match(presentedKey: string): ApiKeyMatch {
    return this.byDigest.get(apiKeyDigest(presentedKey)) ?? UNKNOWN;
  }
}

const UNKNOWN: ApiKeyMatch = Object.freeze({ status: 'unknown' });

/** The hex SHA-256 digest of an API key, as stored in the registry. */
export function apiKeyDigest(key: string): string {
  return hash('sha256', key, 'hex');
}
