import { type DynamicModule, Module } from '@nestjs/common';
import { InternalAuthGuard } from './internal-auth.guard';
import { checkServiceKeys, INTERNAL_AUTH_OPTIONS, type InternalAuthOptions } from './internal-auth.options';

/** Provides {@link InternalAuthGuard} for process and system apps; the app installs it as a guard. */
@Module({})
export class InternalAuthModule {
  /** Configures the accepted service keys (see `parseServiceKeys` for `INTERNAL_SERVICE_KEYS`). */
  static forRoot(options: InternalAuthOptions): DynamicModule {
    checkServiceKeys(options.serviceKeys);
    return {
      module: InternalAuthModule,
      providers: [{ provide: INTERNAL_AUTH_OPTIONS, useValue: options }, InternalAuthGuard],
      exports: [InternalAuthGuard],
    };
  }
}
