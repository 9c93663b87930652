import { documentInternalSecurity } from '@omnigate/auth';
import { loadConfigOrExit } from '@omnigate/config';
import { documentCallerRateLimits } from '@omnigate/rate-limit';
import { startHttpApp, type HttpAppOptions } from '@omnigate/server';
import { AppModule } from './app.module';
import { SystemPosConfig } from './system-pos.config';

/** How system-pos is built, for its main and for the OpenAPI generator. */
export function systemPosApp(config: SystemPosConfig): HttpAppOptions {
  return {
    name: 'system-pos',
    module: AppModule.register(config),
    config,
    securityHeaders: 'docs-pages',
    api: {
      title: 'Omnigate system API: POS back office',
      description:
        'Stores, shelf prices and running promotions of the POS back office, in canonical shapes. Reads are cached; internal callers only.',
      secure: documentInternalSecurity,
      rateLimits: documentCallerRateLimits('calling app'),
    },
  };
}

export const start = () => startHttpApp(systemPosApp(loadConfigOrExit(SystemPosConfig)));
