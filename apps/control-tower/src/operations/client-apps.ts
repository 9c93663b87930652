import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { resolveRegistryFile } from '@omnigate/edge';
import { ControlTowerConfig } from '../control-tower.config';

interface RegistryFile {
  clientApps: { clientAppId: string; channel: string; plan: string; storeId?: string; apiKeys: { keyId: string; status: string }[] }[];
  plans?: unknown[];
}

/** The client apps and their plans from the registry: key ids and status only, never keys or digests. */
@Injectable()
export class ClientApps {
  constructor(private readonly config: ControlTowerConfig) {}

  list() {
    const file = resolveRegistryFile(this.config.CLIENT_APP_REGISTRY_FILE);
    const registry = JSON.parse(readFileSync(file, 'utf8')) as RegistryFile;
    return {
      clientApps: registry.clientApps.map((app) => ({
        clientAppId: app.clientAppId,
        channel: app.channel,
        plan: app.plan,
        storeId: app.storeId ?? null,
        keys: app.apiKeys.map((k) => ({ keyId: k.keyId, status: k.status })),
      })),
      plans: registry.plans ?? [],
    };
  }
}
