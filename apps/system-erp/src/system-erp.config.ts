import { IsInt, Max, Min } from 'class-validator';
import { IsCallerKeyDigests } from '@omnigate/auth';
import { BackendClientConfig } from '@omnigate/http-client';
import { DEFAULT_CALLER_RATE_LIMITS, IsCallerBurst, IsCallerRatePerS } from '@omnigate/rate-limit';

/** system-erp settings: the ERP connection and how long ERP reads are cached. */
export class SystemErpConfig extends BackendClientConfig {
  override PORT: number = 3100;
  override BACKEND_URL: string = 'http://127.0.0.1:3900/erp/sap/opu/odata/sap';
  /** The ERP's concurrency quota (the sandbox's: 8 calls at once); with N replicas, set it to the quota / N. */
  override BACKEND_MAX_CONCURRENCY: number = 8;

  /** Who may call: each internal caller and the SHA-256 digests of its keys (two during rotation); channel credentials are refused. */
  @IsCallerKeyDigests()
  INTERNAL_CALLER_KEY_DIGESTS!: string;

  /** Requests per second one calling app may send to this API, sustained over a minute; past it 429 rate-limited. */
  @IsCallerRatePerS()
  INTERNAL_RATE_LIMIT_PER_S: number = DEFAULT_CALLER_RATE_LIMITS.perS;

  /** Requests one calling app may send to this API within one second; at least INTERNAL_RATE_LIMIT_PER_S. */
  @IsCallerBurst()
  INTERNAL_RATE_LIMIT_BURST: number = DEFAULT_CALLER_RATE_LIMITS.burst;

  /** How long a store's stock of a SKU is served without asking the ERP. */
  @IsInt()
  @Min(0)
  @Max(3_600)
  STOCK_TTL_S: number = 30;

  /** After STOCK_TTL_S: served at once while one refresh runs in the background. */
  @IsInt()
  @Min(0)
  @Max(3_600)
  STOCK_STALE_WHILE_REVALIDATE_S: number = 30;

  /** After that: still served (marked stale, with its age) while the ERP fails. */
  @IsInt()
  @Min(0)
  @Max(604_800)
  STOCK_STALE_IF_ERROR_S: number = 86_400;

  /** Stock misses of one store arriving within this window share one ERP query (0: those of one tick only). */
  @IsInt()
  @Min(0)
  @Max(50)
  STOCK_BATCH_WINDOW_MS: number = 2;

  /** Least time between two ERP stock queries of one store: misses just after a query wait for the next, so a store read cold costs a few queries. */
  @IsInt()
  @Min(0)
  @Max(1_000)
  STOCK_BATCH_GAP_MS: number = 60;

  @IsInt()
  @Min(0)
  @Max(86_400)
  PRODUCT_TTL_S: number = 3_600;
}
