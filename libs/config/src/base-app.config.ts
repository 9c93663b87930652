import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { ExceedsSetting } from './exceeds-setting';
import { ExcludesSetting } from './excludes-setting';

/** Settings every Omnigate app understands; each app's schema extends this one. */
export class BaseAppConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT!: number;

  @IsString()
  @IsOptional()
  HOST: string = '0.0.0.0';

  /**
   * The origin (and path) callers reach this app at, listed first among the servers of its served
   * OpenAPI document so Swagger UI's "Try it out" calls this deployment. Unset: the origin the
   * document was requested from (Host, or X-Forwarded-Host and -Proto behind a proxy).
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @Matches(/[^/]$/, { message: 'PUBLIC_URL must not end with /' })
  PUBLIC_URL?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** As `LOG_FORMATS` of the logger (this lib is a leaf). `json`: one JSON object per line, for log collectors. `pretty`: one readable line, for a person at a terminal (`npm start`, `npm run dev`). */
  @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'json';

  /** `production` refuses the development conveniences: the sample client registry, an embedded database. */
  @IsString()
  NODE_ENV: string = 'development';

  /** Redis for shared caches and counters; when unset (and no `REDIS_CLUSTER_NODES`) the app uses single-process in-memory stores. */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /**
   * A Redis Cluster instead of one Redis: the URLs of some of its nodes, comma-separated (the others
   * are discovered). Every node shares the first URL's credentials and TLS. Not with `REDIS_URL`.
   */
  @IsOptional()
  @Matches(/^(rediss?):\/\/[^,\s]+(,\1:\/\/[^,\s]+)*$/, {
    message: 'REDIS_CLUSTER_NODES must be redis:// or rediss:// URLs, comma-separated, of one scheme',
  })
  @ExcludesSetting('REDIS_URL')
  REDIS_CLUSTER_NODES?: string;

  /** Prefix for every Redis key this deployment writes, so stacks can share one Redis. */
  @IsString()
  @Matches(/^[a-z0-9:_-]{1,40}$/)
  REDIS_KEY_PREFIX: string = 'omnigate:';

  /** A Redis command unanswered after this long fails, and the caller degrades instead of waiting. */
  @IsInt()
  @Min(10)
  @Max(10_000)
  REDIS_COMMAND_TIMEOUT_MS: number = 500;

  @IsInt()
  @Min(100)
  @Max(60_000)
  REDIS_CONNECT_TIMEOUT_MS: number = 2_000;

  /** Longest pause between two attempts to reach Redis again while it is away. */
  @IsInt()
  @Min(50)
  @Max(60_000)
  REDIS_RECONNECT_MAX_DELAY_MS: number = 2_000;

  /** When set, finished spans are appended to this file as JSON lines (local debugging and tests). */
  @IsOptional()
  @IsString()
  OTEL_SPANS_FILE?: string;

  /** Largest request body accepted, in bytes; larger bodies are answered 413. */
  @IsInt()
  @Min(1024)
  @Max(10_485_760)
  BODY_LIMIT_BYTES: number = 262_144;

  /** Deepest nesting of arrays and objects a JSON body may have; deeper bodies are answered 400 body-too-deep. */
  @IsInt()
  @Min(4)
  @Max(256)
  BODY_MAX_DEPTH: number = 32;

  /**
   * On SIGTERM, how long readiness answers 503 while every other route is still served, so load
   * balancers take the replica out before its listener closes; longer than their health-check interval.
   */
  @IsInt()
  @Min(0)
  @Max(120_000)
  SHUTDOWN_DRAIN_DELAY_MS: number = 5_000;

  /**
   * Longest a shutdown may take, signal to exit, drain delay included; past it the process exits 1.
   * Keep it below the orchestrator's grace period (Kubernetes: 30 s).
   */
  @IsInt()
  @Max(600_000)
  @ExceedsSetting('SHUTDOWN_DRAIN_DELAY_MS', 2_000)
  SHUTDOWN_TIMEOUT_MS: number = 25_000;
}
