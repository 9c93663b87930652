import { IsInt, Max, Min } from 'class-validator';
import { IsCallerKeyDigests } from '@omnigate/auth';
import { BackendClientConfig } from '@omnigate/http-client';
import { DEFAULT_CALLER_RATE_LIMITS, IsCallerBurst, IsCallerRatePerS } from '@omnigate/rate-limit';

/** system-loyalty settings: the loyalty platform connection and how long accounts are cached. */
export class SystemLoyaltyConfig extends BackendClientConfig {
  override PORT: number = 3102;
  override BACKEND_URL: string = 'http://127.0.0.1:3900/loyalty/api/v2';

  /** Who may call: each internal caller and the SHA-256 digests of its keys (two during rotation); channel credentials are refused. */
  @IsCallerKeyDigests()
  INTERNAL_CALLER_KEY_DIGESTS!: string;

  /** Requests per second one calling app may send to this API, sustained over a minute; past it 429 rate-limited. */
  @IsCallerRatePerS()
  INTERNAL_RATE_LIMIT_PER_S: number = DEFAULT_CALLER_RATE_LIMITS.perS;

  /** Requests one calling app may send to this API within one second; at least INTERNAL_RATE_LIMIT_PER_S. */
  @IsCallerBurst()
  INTERNAL_RATE_LIMIT_BURST: number = DEFAULT_CALLER_RATE_LIMITS.burst;

  /** Short on purpose: balances move with every sale, and writes do not clear the cache. */
  @IsInt()
  @Min(0)
  @Max(300)
  MEMBER_TTL_S: number = 5;

  /** Past its TTL, an account is still served (marked stale, with its age) while the platform fails. */
  @IsInt()
  @Min(0)
  @Max(86_400)
  MEMBER_STALE_IF_ERROR_S: number = 300;

  /** How many of a member's latest points movements an account shows. */
  @IsInt()
  @Min(1)
  @Max(100)
  MEMBER_RECENT_ACTIVITY: number = 20;
}
