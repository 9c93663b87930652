import { type DynamicModule, Module } from '@nestjs/common';
import {
  ResilientHttpClient,
  UPSTREAM_SATURATION,
  type UpstreamSaturationListener,
} from '@omnigate/http-client';
import { rootLogger } from '@omnigate/observability';
import { ErpApi } from './erp.api';
import { LoyaltyApi } from './loyalty.api';
import { OmsApi } from './oms.api';
import { PosApi } from './pos.api';
import { SystemApiClient } from './system-api.client';
import { UPSTREAM_APIS, type UpstreamApi } from './upstream-apis';

const APIS = { erp: ErpApi, pos: PosApi, loyalty: LoyaltyApi, oms: OmsApi } as const;

/** How this app reaches the internal APIs below it. */
export interface InternalApiOptions {
  serviceKey: string;
  timeoutMs: number;
  /** Largest answer read (and body sent), in bytes. */
  maxBodyBytes: number;
}

/** Where the system APIs listen and how this app reaches them. */
export interface SystemClientsOptions extends InternalApiOptions {
  urls: Partial<Record<keyof typeof APIS, string>>;
}

/** The resilient client of one internal API (system or process), with this app's service key. */
export function internalApiClient(
  api: UpstreamApi,
  baseUrl: string,
  options: InternalApiOptions,
  saturation?: UpstreamSaturationListener,
): SystemApiClient {
  const http = new ResilientHttpClient(
    {
      backend: api,
      baseUrl,
      internal: true,
      timeoutMs: options.timeoutMs,
      maxSockets: 128,
      maxBodyBytes: options.maxBodyBytes,
      breaker: {
        volumeThreshold: 20,
        errorThresholdPercentage: 50,
        resetTimeoutMs: 5_000,
        rollingWindowMs: 10_000,
      },
      retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 500, maxRetryAfterMs: 2_000 },
    },
    rootLogger(),
    saturation,
  );
  return new SystemApiClient(http, options.serviceKey);
}

/** Provides a typed client for each system API the app names a URL for; breaker changes reach the app's UPSTREAM_SATURATION listener, if any. */
@Module({})
export class SystemClientsModule {
  static register(options: SystemClientsOptions): DynamicModule {
    const providers = (Object.entries(options.urls) as [keyof typeof APIS, string][]).map(([system, url]) => {
      const Api = APIS[system];
      return {
        provide: Api,
        inject: [{ token: UPSTREAM_SATURATION, optional: true }],
        useFactory: (saturation?: UpstreamSaturationListener) =>
          new Api(internalApiClient(UPSTREAM_APIS[system], url, options, saturation)),
      };
    });
    return { module: SystemClientsModule, global: true, providers, exports: providers.map((p) => p.provide) };
  }
}
