import { ClientAppRegistryFile, type ApiKeyEntry, type ClientAppEntry } from './client-app-registry.schema';
import type { Channel } from './principal';
import { InvalidClientAppRegistry, readRegistryFile } from './registry-file';

/** A registered client app as the guards see it. */
export type ClientApp = Readonly<Omit<ClientAppEntry, 'apiKeys'>> & {
  readonly apiKeys: readonly Readonly<ApiKeyEntry>[];
};

function duplicates(values: (string | undefined)[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const v of values) {
    if (v === undefined) continue;
    if (seen.has(v)) twice.add(v);
    seen.add(v);
  }
  return [...twice];
}

function consistencyOffenders(content: ClientAppRegistryFile): string[] {
  const apps = content.clientApps;
  const keys = apps.flatMap((a) => a.apiKeys);
  return [
    ...duplicates(apps.map((a) => a.clientAppId)).map((id) => `clientAppId '${id}' is registered twice`),
    ...duplicates(apps.map((a) => a.oauthClientId)).map(
      (id) => `oauthClientId '${id}' names two client apps`,
    ),
    ...duplicates(keys.map((k) => k.keyId)).map((id) => `keyId '${id}' is used twice`),
    ...duplicates(keys.map((k) => k.sha256)).map(
      (h) => `API key digest ${h.slice(0, 12)}... is registered twice`,
    ),
    // A POS device acts at one store; an unbound POS app could read and write every store's data.
    ...apps
      .filter((a) => a.channel === 'pos' && a.storeId === undefined)
      .map((a) => `client app '${a.clientAppId}': a pos app must name its storeId`),
  ];
}

/** The registered client apps and the scopes of each channel, loaded once from the registry file. */
export class ClientAppRegistry {
  private readonly byId: Map<string, ClientApp>;
  private readonly byOauthClientId: Map<string, ClientApp>;

  private constructor(private readonly content: ClientAppRegistryFile) {
    this.byId = new Map(content.clientApps.map((a) => [a.clientAppId, a]));
    this.byOauthClientId = new Map(
      content.clientApps.filter((a) => a.oauthClientId).map((a) => [a.oauthClientId!, a]),
    );
  }

  /** Loads and validates the registry file, throwing {@link InvalidClientAppRegistry} naming every offender. */
  static fromFile(file: string): ClientAppRegistry {
    const content = readRegistryFile(file, ClientAppRegistryFile);
    const offenders = consistencyOffenders(content);
    if (offenders.length > 0) throw new InvalidClientAppRegistry(file, offenders);
    return new ClientAppRegistry(content);
  }

  /** Every registered client app. */
  get apps(): readonly ClientApp[] {
    return this.content.clientApps;
  }

  /** The client app with this id, if registered. */
  findById(clientAppId: string): ClientApp | undefined {
    return this.byId.get(clientAppId);
  }

  /** The client app whose OAuth client id (a token's `client_id` or `azp`) is this one. */
  findByOauthClientId(oauthClientId: string): ClientApp | undefined {
    return this.byOauthClientId.get(oauthClientId);
  }

  /** The scopes an API key of this channel carries. */
  scopesOf(channel: Channel): readonly string[] {
    return this.content.channelScopes[channel] ?? [];
  }
}
