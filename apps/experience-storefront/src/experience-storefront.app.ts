import { loadConfigOrExit } from '@omnigate/config';
import { startHttpApp, type HttpAppOptions } from '@omnigate/server';
import { AppModule } from './app.module';
import { DEVELOPMENT_KEYS_HINT, apiEnvironmentsOf, documentEdgeSecurity } from '@omnigate/edge';
import { ExperienceStorefrontConfig } from './experience-storefront.config';

/** How experience-storefront is built, for its main and for the OpenAPI generator. */
export function experienceStorefrontApp(config: ExperienceStorefrontConfig): HttpAppOptions {
  return {
    name: 'experience-storefront',
    module: AppModule.register(config),
    config,
    corsOrigins: config.CORS_ORIGINS?.split(','),
    api: {
      title: 'Omnigate experience API: storefront',
      description:
        'Store availability and loyalty accounts for storefront web and mobile apps, customer service and partners. ' +
        'Every call carries a client app credential (X-Api-Key, or an OAuth2 client-credentials bearer token) and is counted against ' +
        "the client app's rate-limit plan (RateLimit and RateLimit-Policy headers; 429 with Retry-After past it). " +
        'Errors are application/problem+json with a stable type. Reads are cached for about a second; Age and X-Cache say how old an answer is. ' +
        DEVELOPMENT_KEYS_HINT,
      secure: documentEdgeSecurity({
        tokenUrl: config.OAUTH_TOKEN_URL,
        environments: apiEnvironmentsOf(config.API_ENVIRONMENTS, '/storefront'),
        tags: { availability: 'Where products are in stock', loyalty: "Members' points and tiers" },
        scopes: { 'availability:read': 'Read store availability', 'loyalty:read': 'Read loyalty accounts' },
      }),
    },
  };
}

export const start = () =>
  startHttpApp(experienceStorefrontApp(loadConfigOrExit(ExperienceStorefrontConfig)));
