import { IsCallerKeyDigests } from '@omnigate/auth';
import { BackendClientConfig } from '@omnigate/http-client';
import { DEFAULT_CALLER_RATE_LIMITS, IsCallerBurst, IsCallerRatePerS } from '@omnigate/rate-limit';

/**
 * system-oms settings: the OMS connection. Nothing is cached: reservation and order state drive
 * the process layer's workflows, so a read must say what the OMS holds now.
 */
export class SystemOmsConfig extends BackendClientConfig {
  override PORT: number = 3103;
  override BACKEND_URL: string = 'http://127.0.0.1:3900/oms/v1';

  /** Who may call: each internal caller and the SHA-256 digests of its keys (two during rotation); channel credentials are refused. */
  @IsCallerKeyDigests()
  INTERNAL_CALLER_KEY_DIGESTS!: string;

  /** Requests per second one calling app may send to this API, sustained over a minute; past it 429 rate-limited. */
  @IsCallerRatePerS()
  INTERNAL_RATE_LIMIT_PER_S: number = DEFAULT_CALLER_RATE_LIMITS.perS;

  /** Requests one calling app may send to this API within one second; at least INTERNAL_RATE_LIMIT_PER_S. */
  @IsCallerBurst()
  INTERNAL_RATE_LIMIT_BURST: number = DEFAULT_CALLER_RATE_LIMITS.burst;
}
