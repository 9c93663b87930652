import { IsInt, Matches, Max, Min } from 'class-validator';
import type { CachePolicy } from '@omnigate/cache';
import { IsCallerKeyDigests } from '@omnigate/auth';
import { BackendClientConfig } from '@omnigate/http-client';
import { DEFAULT_CALLER_RATE_LIMITS, IsCallerBurst, IsCallerRatePerS } from '@omnigate/rate-limit';

/** system-pos settings: the POS back office connection and how long its answers are cached. */
export class SystemPosConfig extends BackendClientConfig {
  override PORT: number = 3101;
  override BACKEND_URL: string = 'http://127.0.0.1:3900/pos-bo/api';

  /** Who may call: each internal caller and the SHA-256 digests of its keys (two during rotation); channel credentials are refused. */
  @IsCallerKeyDigests()
  INTERNAL_CALLER_KEY_DIGESTS!: string;

  /** Requests per second one calling app may send to this API, sustained over a minute; past it 429 rate-limited. */
  @IsCallerRatePerS()
  INTERNAL_RATE_LIMIT_PER_S: number = DEFAULT_CALLER_RATE_LIMITS.perS;

  /** Requests one calling app may send to this API within one second; at least INTERNAL_RATE_LIMIT_PER_S. */
  @IsCallerBurst()
  INTERNAL_RATE_LIMIT_BURST: number = DEFAULT_CALLER_RATE_LIMITS.burst;

  /** How long a store's shelf price of a SKU is served without asking the back office. */
  @IsInt()
  @Min(0)
  @Max(3_600)
  PRICE_TTL_S: number = 60;

  /** How long a store's running promotions are served without asking the back office. */
  @IsInt()
  @Min(0)
  @Max(3_600)
  PROMOTION_TTL_S: number = 60;

  @IsInt()
  @Min(0)
  @Max(86_400)
  STORE_TTL_S: number = 600;

  /** Past its TTL, a read is still served (marked stale, with its age) while the back office fails. */
  @IsInt()
  @Min(0)
  @Max(604_800)
  STALE_IF_ERROR_S: number = 86_400;

  /** The back office's promotions carry no currency: amounts off are in the currency of the price lists, this one. */
  @Matches(/^[A-Z]{3}$/)
  POS_CURRENCY: string = 'USD';
}

/** A read policy: fresh for `ttlS`, then served once more while it refreshes, then kept for back-office failures. */
export function posReadPolicy(ttlS: number, config: SystemPosConfig): CachePolicy {
  return {
    freshMs: ttlS * 1000,
    staleWhileRevalidateMs: ttlS * 1000,
    staleIfErrorMs: config.STALE_IF_ERROR_S * 1000,
  };
}
