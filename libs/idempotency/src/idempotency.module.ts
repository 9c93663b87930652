import { type DynamicModule, Module } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency.options';
import { IdempotencyStore } from './idempotency.store';
import { IdempotentRequests } from './idempotent-requests';
import { IdempotentResources } from './idempotent-resources';
import { IdempotentResponseRecorder } from './idempotent-response.recorder';

/**
 * Makes `@Idempotent()` work anywhere in the app. Needs the app's `Database` (from
 * `PersistenceModule`) migrated with `idempotencyMigrations`, and the Fastify platform.
 */
@Module({})
export class IdempotencyModule {
  /** Registers the store, the interceptor, the response hook and the readers of bound resources. */
  static forRoot(options: IdempotencyOptions = {}): DynamicModule {
    return {
      module: IdempotencyModule,
      global: true,
      providers: [
        { provide: IDEMPOTENCY_OPTIONS, useValue: options },
        IdempotencyStore,
        IdempotentRequests,
        IdempotentResources,
        IdempotencyInterceptor,
        IdempotentResponseRecorder,
      ],
      exports: [IdempotencyStore, IdempotentRequests, IdempotentResources, IdempotencyInterceptor],
    };
  }
}
