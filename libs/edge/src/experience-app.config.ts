import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsCallerKeyDigests, IsInternalServiceKey } from '@omnigate/auth';
import { BaseAppConfig, NotInProduction } from '@omnigate/config';

const ENVIRONMENT = '[a-z][a-z0-9-]{0,31}=https?://[^\\s,=/]+(?:/[^\\s,=]*)?';
const API_ENVIRONMENTS_PATTERN = new RegExp(`^${ENVIRONMENT}(,${ENVIRONMENT})*$`);
const URL_OPTIONS = { require_tld: false, protocols: ['http', 'https'] };
// Registries named *.dev.json hold sample client apps whose keys are published; they never ship.
const isDevelopmentRegistry = (path: unknown) => /\.dev\.json$/i.test(String(path));
const oauthConfigured = (c: ExperienceAppConfig) =>
  Boolean(c.OAUTH_JWKS_URL || c.OAUTH_ISSUER || c.OAUTH_AUDIENCE);
// Implicit conversion reads any text, 'false' included, as true: read the raw text instead, and leave
// anything but true/false as null for @IsBoolean to refuse.
const envBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) =>
  ({ true: true, false: false })[String(obj[key]).toLowerCase() as 'true'] ?? null;

/** What every experience app is configured with: who may call, how hard, and where the APIs below are. */
export class ExperienceAppConfig extends BaseAppConfig {
  /** The client-app registry (keys, plans); relative paths are found from the working dir or next to dist/. */
  @IsString()
  @IsNotEmpty()
  @NotInProduction(
    isDevelopmentRegistry,
    'is a development registry, whose keys are published; give production its own',
  )
  CLIENT_APP_REGISTRY_FILE: string = 'config/client-apps.dev.json';

  /** Bearer tokens are accepted only with all three OAUTH_ settings; without them only API keys are. */
  @ValidateIf(oauthConfigured)
  @IsUrl(URL_OPTIONS)
  OAUTH_JWKS_URL?: string;

  @ValidateIf(oauthConfigured)
  @IsString()
  @IsNotEmpty()
  OAUTH_ISSUER?: string;

  @ValidateIf(oauthConfigured)
  @IsString()
  @IsNotEmpty()
  OAUTH_AUDIENCE?: string;

  /**
   * The deployed environments the OpenAPI document lists, after the server it is served from:
   * `name=https://base-url,...`; the channel's path (`/storefront`, `/pos`) is appended to each.
   */
  @Matches(API_ENVIRONMENTS_PATTERN, {
    message: 'API_ENVIRONMENTS must be name=https://base-url pairs separated by commas',
  })
  API_ENVIRONMENTS: string = 'production=https://api.omnigate.dev,staging=https://api.staging.omnigate.dev';

  /** Where client apps get tokens; shown in the OpenAPI document only. */
  @IsUrl(URL_OPTIONS)
  OAUTH_TOKEN_URL: string = 'https://auth.omnigate.dev/oauth2/token';

  /** Bearer tokens issued (`iat`) longer ago than this are refused, whatever their `exp` says. */
  @IsInt()
  @Min(60)
  @Max(86_400)
  OAUTH_MAX_TOKEN_AGE_S: number = 3_600;

  /** This app's own key for the system and process APIs; they know it as this app's (`experience-storefront` or `experience-pos`). */
  @IsInternalServiceKey()
  INTERNAL_SERVICE_KEY!: string;

  /** Internal callers of this app: only `metrics-scraper` and `control-tower` are admitted, to /metrics. Unset: /metrics answers nobody. */
  @IsOptional()
  @IsCallerKeyDigests()
  INTERNAL_CALLER_KEY_DIGESTS?: string;

  @IsUrl(URL_OPTIONS) SYSTEM_ERP_URL: string = 'http://127.0.0.1:3100';
  @IsUrl(URL_OPTIONS) SYSTEM_POS_URL: string = 'http://127.0.0.1:3101';
  @IsUrl(URL_OPTIONS) PROCESS_ORDERS_URL: string = 'http://127.0.0.1:3200';

  @IsInt()
  @Min(100)
  @Max(60_000)
  SYSTEM_API_TIMEOUT_MS: number = 3_000;

  /** Largest answer read from a system or process API (and body sent to one), in bytes; a larger answer is a 502. */
  @IsInt()
  @Min(1_024)
  @Max(104_857_600)
  SYSTEM_API_MAX_BODY_BYTES: number = 2_097_152;

  /** How long a hot read is answered from this replica's memory without a hop. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  EDGE_CACHE_TTL_MS: number = 1_000;

  /** Past EDGE_CACHE_TTL_MS, how long store stock is still answered (X-Cache STALE) while one background read refreshes it; 0 waits for the read. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  EDGE_STOCK_STALE_WHILE_REVALIDATE_MS: number = 1_000;
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  EDGE_CACHE_MAX_ENTRIES: number = 50_000;

  /** How long the store directory and product existence checks are kept; they change rarely. */
  @IsInt()
  @Min(1)
  @Max(86_400)
  DIRECTORY_TTL_S: number = 300;

  /** At or below this many units available, a SKU shows LOW_STOCK instead of IN_STOCK at a store. */
  @IsInt()
  @Min(0)
  @Max(10_000)
  LOW_STOCK_THRESHOLD: number = 5;

  /** Browser origins allowed to call (comma-separated, e.g. https://shop.example.com); tills need none. */
  @IsOptional()
  @Matches(/^https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*$/, {
    message: 'CORS_ORIGINS must be comma-separated http(s) origins',
  })
  CORS_ORIGINS?: string;

  /** Requests in flight at which browse traffic is shed (standard at 2x, checkout at 4x). */
  @IsInt()
  @Min(1)
  @Max(100_000)
  SHED_BROWSE_AT_IN_FLIGHT: number = 256;

  /** Event-loop delay (p99, ms) at which browse traffic is shed (standard at 2.5x, checkout at 10x). */
  @IsInt()
  @Min(10)
  @Max(60_000)
  SHED_BROWSE_AT_LOOP_DELAY_MS: number = 100;

  /** Off only to measure what rate limiting costs; auth and load shedding stay on. */
  @Transform(envBoolean)
  @IsBoolean()
  RATE_LIMITING_ENABLED: boolean = true;
}
