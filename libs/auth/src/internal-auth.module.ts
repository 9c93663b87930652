import { type DynamicModule, Module } from '@nestjs/common';
import { InternalAuthGuard } from './internal-auth.guard';
import { INTERNAL_AUTH_OPTIONS, type InternalAuthOptions } from './internal-auth.options';

/** Provides {@link InternalAuthGuard} for process and system apps; the app installs it as a guard. */
@Module({})
export class InternalAuthModule {
  /** Configures the recognised callers (see `CallerKeyRing.parse` for `INTERNAL_CALLER_KEY_DIGESTS`). */
  static forRoot(options: InternalAuthOptions): DynamicModule {
    return {
      module: InternalAuthModule,
      providers: [{ provide: INTERNAL_AUTH_OPTIONS, useValue: options }, InternalAuthGuard],
      exports: [InternalAuthGuard],
    };
  }
}
