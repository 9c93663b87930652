import { loadConfigOrExit } from '@omnigate/config';
import { startHttpApp, type HttpAppOptions } from '@omnigate/server';
import { AppModule } from './app.module';
import { DEVELOPMENT_KEYS_HINT, apiEnvironmentsOf, documentEdgeSecurity } from '@omnigate/edge';
import { ExperiencePosConfig } from './experience-pos.config';

/** How experience-pos is built, for its main and for the OpenAPI generator. */
export function experiencePosApp(config: ExperiencePosConfig): HttpAppOptions {
  return {
    name: 'experience-pos',
    module: AppModule.register(config),
    config,
    corsOrigins: config.CORS_ORIGINS?.split(','),
    api: {
      title: 'Omnigate experience API: POS',
      description:
        "Prices, promotions and stock for a store's tills and devices. Each POS credential is bound to one store: " +
        "it reads that store only. Every call is counted against the device's rate-limit plan (RateLimit and RateLimit-Policy " +
        'headers; 429 with Retry-After past it). Errors are application/problem+json with a stable type. Reads are cached for ' +
        'about a second; Age and X-Cache say how old an answer is. ' +
        DEVELOPMENT_KEYS_HINT,
      secure: documentEdgeSecurity({
        tokenUrl: config.OAUTH_TOKEN_URL,
        environments: apiEnvironmentsOf(config.API_ENVIRONMENTS, '/pos'),
        tags: { prices: 'Shelf prices and promotions for the till', availability: "The store's stock" },
        scopes: {
          'prices:read': 'Read store prices and promotions',
          'availability:read': 'Read store availability',
        },
      }),
    },
  };
}

export const start = () => startHttpApp(experiencePosApp(loadConfigOrExit(ExperiencePosConfig)));
