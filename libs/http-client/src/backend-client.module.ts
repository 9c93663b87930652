import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { rootLogger } from '@omnigate/observability';
import type { ReadinessProbe } from '@omnigate/server';
import { type BackendClientConfig, backendOptionsFrom } from './backend-client.config';
import { ResilientHttpClient } from './resilient-http-client';

/**
 * Reports the backend's breakers. An open breaker does not make the app unready: reads still
 * answer from stale cache and writes queue, so taking replicas out of the balancer would only hurt.
 */
@Injectable()
export class BreakerProbe implements ReadinessProbe, OnApplicationShutdown {
  readonly name: string;
  constructor(
    @Inject(ResilientHttpClient) private readonly client: ResilientHttpClient,
    @Inject('BACKEND_NAME') backend: string,
  ) {
    this.name = `${backend}-breakers`;
  }

  async check() {
    // `breakers` keeps its plain state per operation for the tools that read it; `breakerStats` adds the counts and last change.
    return {
      up: true,
      detail: { breakers: this.client.breakerStates(), breakerStats: this.client.breakerStats() },
    };
  }

  onApplicationShutdown() {
    this.client.shutdown();
  }
}

/** Provides the app's one {@link ResilientHttpClient} for its backend, and its breaker probe. */
@Module({})
export class BackendClientModule {
  static register(backend: string, config: BackendClientConfig): DynamicModule {
    return {
      module: BackendClientModule,
      global: true,
      providers: [
        { provide: 'BACKEND_NAME', useValue: backend },
        {
          provide: ResilientHttpClient,
          useFactory: () => new ResilientHttpClient(backendOptionsFrom(backend, config), rootLogger()),
        },
        BreakerProbe,
      ],
      exports: [ResilientHttpClient, BreakerProbe],
    };
  }
}
