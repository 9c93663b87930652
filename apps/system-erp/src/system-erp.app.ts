import { documentInternalSecurity } from '@omnigate/auth';
import { loadConfigOrExit } from '@omnigate/config';
import { documentCallerRateLimits } from '@omnigate/rate-limit';
import { startHttpApp, type HttpAppOptions } from '@omnigate/server';
import { AppModule } from './app.module';
import { SystemErpConfig } from './system-erp.config';

/** How system-erp is built, for its main and for the OpenAPI generator. */
export function systemErpApp(config: SystemErpConfig): HttpAppOptions {
  return {
    name: 'system-erp',
    module: AppModule.register(config),
    config,
    securityHeaders: 'docs-pages',
    api: {
      title: 'Omnigate system API: ERP',
      description:
        'Products, store stock and ERP document postings, in canonical shapes. Reads are cached and shielded from the ERP; internal callers only.',
      secure: documentInternalSecurity,
      rateLimits: documentCallerRateLimits('calling app'),
    },
  };
}

export const start = () => startHttpApp(systemErpApp(loadConfigOrExit(SystemErpConfig)));
