import { documentInternalSecurity } from '@omnigate/auth';
import { loadConfigOrExit } from '@omnigate/config';
import { documentCallerRateLimits } from '@omnigate/rate-limit';
import { startHttpApp, type HttpAppOptions } from '@omnigate/server';
import { AppModule } from './app.module';
import { ProcessOrdersConfig } from './process-orders.config';

/** How process-orders is built, for its main and for the OpenAPI generator. */
export function processOrdersApp(config: ProcessOrdersConfig): HttpAppOptions {
  return {
    name: 'process-orders',
    module: AppModule.register(config),
    config,
    securityHeaders: 'docs-pages',
    api: {
      title: 'Omnigate process API: orders',
      description:
        'Buy online, pick up in store: places, readies, collects, cancels and expires pickup orders across the OMS, loyalty and the ERP, durably and exactly once. Internal callers only (X-Service-Key).',
      secure: documentInternalSecurity,
      rateLimits: documentCallerRateLimits('calling app'),
    },
  };
}

export const start = () => startHttpApp(processOrdersApp(loadConfigOrExit(ProcessOrdersConfig)));
