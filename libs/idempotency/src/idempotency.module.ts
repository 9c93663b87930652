import { type DynamicModule, Module } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency.options';
import { IdempotencyStore } from './idempotency.store';
import { IdempotentRequests } from './idempotent-requests';
import { IdempotentResponseRecorder } from './idempotent-response.recorder';

/**
 * Makes `@Idempotent()` work anywhere in the app. Needs the app's `Database` (from
 * `PersistenceModule`) migrated with `idempotencyMigrations`, and the Fastify platform.
 */
@Module({})
export class IdempotencyModule {
  /** Registers the store, the interceptor and the response hook. */
  static forRoot(options: IdempotencyOptions = {}): DynamicModule {
    return {
      module: IdempotencyModule,
      global: true,
      providers: [
        { provide: IDEMPOTENCY_OPTIONS, useValue: options },
        IdempotencyStore,
        IdempotentRequests,
        IdempotencyInterceptor,
        IdempotentResponseRecorder,
      ],
      exports: [IdempotencyStore, IdempotentRequests, IdempotencyInterceptor],
    };
  }
}
