import { documentInternalSecurity } from '@omnigate/auth';
import { loadConfigOrExit } from '@omnigate/config';
import { documentCallerRateLimits } from '@omnigate/rate-limit';
import { startHttpApp, type HttpAppOptions } from '@omnigate/server';
import { AppModule } from './app.module';
import { SystemLoyaltyConfig } from './system-loyalty.config';

/** How system-loyalty is built, for its main and for the OpenAPI generator. */
export function systemLoyaltyApp(config: SystemLoyaltyConfig): HttpAppOptions {
  return {
    name: 'system-loyalty',
    module: AppModule.register(config),
    config,
    securityHeaders: 'docs-pages',
    api: {
      title: 'Omnigate system API: loyalty',
      description:
        'Loyalty accounts, points accruals, redemptions and their cancellation, in canonical shapes. Writes are safe to repeat with the same reference; internal callers only.',
      secure: documentInternalSecurity,
      rateLimits: documentCallerRateLimits('calling app'),
    },
  };
}

export const start = () => startHttpApp(systemLoyaltyApp(loadConfigOrExit(SystemLoyaltyConfig)));
