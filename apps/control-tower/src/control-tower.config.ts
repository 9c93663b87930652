import { IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { IsCallerKeyDigests, IsInternalServiceKey } from '@omnigate/auth';
import { BaseAppConfig } from '@omnigate/config';
import { DEFAULT_CALLER_RATE_LIMITS, IsCallerBurst, IsCallerRatePerS } from '@omnigate/rate-limit';
import { IsTowerKeyDigests } from './access/tower-keys';

const URL_OPTIONS = { require_tld: false, protocols: ['http', 'https'] };

/** control-tower settings: who may look and who may mend, and where the APIs below are. */
export class ControlTowerConfig extends BaseAppConfig {
  override PORT: number = 3300;

  /** People who may look at the control tower: `person:sha256-of-their-key,...`. Unset: nobody. */
  @IsOptional()
  @IsTowerKeyDigests()
  CONTROL_TOWER_VIEWER_KEY_DIGESTS?: string;

  /** People who may also mend (replay dead letters): `person:sha256-of-their-key,...`; every action is audited under the name. */
  @IsOptional()
  @IsTowerKeyDigests()
  CONTROL_TOWER_OPERATOR_KEY_DIGESTS?: string;

  /** This app's own key for process-orders' operations API (it is known there as `control-tower`). */
  @IsInternalServiceKey()
  INTERNAL_SERVICE_KEY!: string;

  /** Internal callers of this app: only `metrics-scraper` and `control-tower` are admitted, to /metrics. Unset: /metrics answers nobody. */
  @IsOptional()
  @IsCallerKeyDigests()
  INTERNAL_CALLER_KEY_DIGESTS?: string;

  /** Requests per second one person (control tower key) may send to this API, sustained over a minute; past it 429 rate-limited. */
  @IsCallerRatePerS()
  INTERNAL_RATE_LIMIT_PER_S: number = DEFAULT_CALLER_RATE_LIMITS.perS;

  /** Requests one person (control tower key) may send to this API within one second; at least INTERNAL_RATE_LIMIT_PER_S. */
  @IsCallerBurst()
  INTERNAL_RATE_LIMIT_BURST: number = DEFAULT_CALLER_RATE_LIMITS.burst;

  /** The client-app registry shown on the page (client apps, plans, key ids and status; never keys). */
  @IsString()
  @IsNotEmpty()
  CLIENT_APP_REGISTRY_FILE: string = 'config/client-apps.dev.json';

  @IsUrl(URL_OPTIONS) EXPERIENCE_STOREFRONT_URL: string = 'http://127.0.0.1:3000';
  @IsUrl(URL_OPTIONS) EXPERIENCE_POS_URL: string = 'http://127.0.0.1:3001';
  @IsUrl(URL_OPTIONS) PROCESS_ORDERS_URL: string = 'http://127.0.0.1:3200';
  @IsUrl(URL_OPTIONS) SYSTEM_ERP_URL: string = 'http://127.0.0.1:3100';
  @IsUrl(URL_OPTIONS) SYSTEM_POS_URL: string = 'http://127.0.0.1:3101';
  @IsUrl(URL_OPTIONS) SYSTEM_LOYALTY_URL: string = 'http://127.0.0.1:3102';
  @IsUrl(URL_OPTIONS) SYSTEM_OMS_URL: string = 'http://127.0.0.1:3103';

  @IsInt()
  @Min(100)
  @Max(60_000)
  SYSTEM_API_TIMEOUT_MS: number = 3_000;

  /** The traffic figures (requests, refusals, backend latency and errors, cache hits) cover about this many seconds before each read. */
  @IsInt()
  @Min(5)
  @Max(3_600)
  TRAFFIC_WINDOW_S: number = 60;
}
