import { readFileSync } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import { resolveRegistryFile } from '@omnigate/edge';
import { ControlTowerConfig } from '../control-tower.config';

interface RegistryFile {
  clientApps: {
    clientAppId: string;
    channel: string;
    plan: string;
    storeId?: string;
    apiKeys: { keyId: string; status: string }[];
  }[];
  plans?: unknown[];
}

/** The client apps and their plans from the registry: key ids and status only, never keys or digests. */
@Injectable()
export class ClientApps {
  private readonly logger = new Logger(ClientApps.name);

  constructor(private readonly config: ControlTowerConfig) {}

  /** The registry's client apps; an unreadable registry is reported on the page rather than failing the health section. */
  list() {
    const file = resolveRegistryFile(this.config.CLIENT_APP_REGISTRY_FILE);
    let registry: RegistryFile;
    try {
      registry = JSON.parse(readFileSync(file, 'utf8')) as RegistryFile;
    } catch (error) {
      this.logger.warn(`client-app registry ${file} unreadable: ${(error as Error).message}`);
      return {
        clientApps: [],
        plans: [],
        registryError: `The client-app registry ${this.config.CLIENT_APP_REGISTRY_FILE} cannot be read`,
      };
    }
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
