import { documentInternalSecurity } from '@omnigate/auth';
import { loadConfigOrExit } from '@omnigate/config';
import { documentCallerRateLimits } from '@omnigate/rate-limit';
import { startHttpApp, type HttpAppOptions } from '@omnigate/server';
import { AppModule } from './app.module';
import { SystemOmsConfig } from './system-oms.config';

/** How system-oms is built, for its main and for the OpenAPI generator. */
export function systemOmsApp(config: SystemOmsConfig): HttpAppOptions {
  return {
    name: 'system-oms',
    module: AppModule.register(config),
    config,
    securityHeaders: 'docs-pages',
    api: {
      title: 'Omnigate system API: OMS/WMS',
      description:
        'Stock reservations with expiry, fulfilment orders, pick lists and order status, in canonical shapes. Every write is safe to repeat with the same caller key; internal callers only.',
      secure: documentInternalSecurity,
      rateLimits: documentCallerRateLimits('calling app'),
    },
  };
}

export const start = () => startHttpApp(systemOmsApp(loadConfigOrExit(SystemOmsConfig)));
