import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ChannelAuthGuard, ChannelAuthModule, type Channel, type JwksOptions } from '@omnigate/auth';
import { UPSTREAM_SATURATION } from '@omnigate/http-client';
import { LoadShedder, LoadShedGuard, RateLimitGuard, RateLimitModule } from '@omnigate/rate-limit';
import { redisSettingsFrom } from '@omnigate/redis';
import { EdgeCache } from './edge-cache';
import type { ExperienceAppConfig } from './experience-app.config';
import { loadSheddingFrom } from './load-shedding.config';
import { ReadBodyGuard } from './read-body.guard';
import { resolveRegistryFile } from './registry-file-path';
import { StoreDirectory } from './store-directory';

function jwksOf(config: ExperienceAppConfig): JwksOptions | undefined {
  const { OAUTH_JWKS_URL: url, OAUTH_ISSUER: issuer, OAUTH_AUDIENCE: audience } = config;
  return url && issuer && audience
    ? { url, issuer, audience, maxTokenAgeS: config.OAUTH_MAX_TOKEN_AGE_S }
    : undefined;
}

/**
 * What every experience app puts in front of its routes, in this order: the read-body check, who
 * calls (API key or bearer token, for the given channels), load shedding, the caller's rate-limit
 * plan. Also the edge cache and the store directory its reads share.
 */
@Module({})
export class EdgeModule {
  static register(config: ExperienceAppConfig, channels: Channel[]): DynamicModule {
    const registryFile = resolveRegistryFile(config.CLIENT_APP_REGISTRY_FILE);
    return {
      module: EdgeModule,
      global: true,
      imports: [
        ChannelAuthModule.forRoot({ channels, registryFile, jwks: jwksOf(config) }),
        RateLimitModule.forRoot({
          registryFile,
          redis: redisSettingsFrom(config),
          keyPrefix: config.REDIS_KEY_PREFIX,
          loadShedding: loadSheddingFrom(config),
        }),
      ],
      providers: [
        { provide: APP_GUARD, useFactory: () => new ReadBodyGuard(config.BODY_LIMIT_BYTES) },
        { provide: APP_GUARD, useExisting: ChannelAuthGuard },
        { provide: APP_GUARD, useExisting: LoadShedGuard },
        ...(config.RATE_LIMITING_ENABLED ? [{ provide: APP_GUARD, useExisting: RateLimitGuard }] : []),
        {
          provide: EdgeCache,
          useFactory: () =>
            new EdgeCache({
              ttlMs: config.EDGE_CACHE_TTL_MS,
              stockStaleWhileRevalidateMs: config.EDGE_STOCK_STALE_WHILE_REVALIDATE_MS,
              maxEntries: config.EDGE_CACHE_MAX_ENTRIES,
              directoryTtlS: config.DIRECTORY_TTL_S,
            }),
        },
        StoreDirectory,
        // A system API refusing work (its client's breaker open) sheds the browsing that depends on it (see DependsOn).
        { provide: UPSTREAM_SATURATION, useExisting: LoadShedder },
      ],
      exports: [EdgeCache, StoreDirectory, UPSTREAM_SATURATION],
    };
  }
}
