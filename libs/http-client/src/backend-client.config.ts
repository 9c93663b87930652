import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { BaseAppConfig } from '@omnigate/config';
import type { BackendOptions } from './backend-options';

/** The settings of a system API's one backend; each system app's config schema extends this. */
export class BackendClientConfig extends BaseAppConfig {
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  BACKEND_URL!: string;

  @IsInt()
  @Min(50)
  @Max(60_000)
  BACKEND_TIMEOUT_MS: number = 2_000;

  @IsInt()
  @Min(1)
  @Max(1_024)
  BACKEND_MAX_SOCKETS: number = 64;

  /**
   * Calls in flight to the backend at once from this replica: a bulkhead kept under the vendor's
   * concurrency quota, so that a burst queues here rather than being refused there with 429.
   */
  @IsInt()
  @Min(1)
  @Max(1_024)
  BACKEND_MAX_CONCURRENCY: number = 64;

  /** Largest backend answer read (and request body sent), in bytes; a larger answer is a 502, not read to its end. */
  @IsInt()
  @Min(1_024)
  @Max(104_857_600)
  BACKEND_MAX_BODY_BYTES: number = 8_388_608;

  /** Calls in the rolling window before the breaker may open; never fewer than 5. */
  @IsInt()
  @Min(5)
  @Max(10_000)
  BREAKER_VOLUME_THRESHOLD: number = 10;

  @IsInt()
  @Min(1)
  @Max(100)
  BREAKER_ERROR_PERCENT: number = 50;

  @IsInt()
  @Min(100)
  @Max(600_000)
  BREAKER_RESET_MS: number = 10_000;

  @IsInt()
  @Min(1_000)
  @Max(600_000)
  BREAKER_WINDOW_MS: number = 10_000;

  @IsInt()
  @Min(1)
  @Max(10)
  RETRY_ATTEMPTS: number = 3;

  @IsInt()
  @Min(10)
  @Max(10_000)
  RETRY_BASE_DELAY_MS: number = 100;

  @IsInt()
  @Min(10)
  @Max(60_000)
  RETRY_MAX_DELAY_MS: number = 2_000;

  /** A backend's Retry-After longer than this is passed on to the caller instead of waited out. */
  @IsInt()
  @Min(0)
  @Max(120_000)
  RETRY_AFTER_MAX_WAIT_MS: number = 5_000;

  /**
   * Life of a coalescing lock (one replica loads a missing key, the others wait) unless its owner
   * renews it, which it does while its load runs: the others take over only when the owner died.
   */
  @IsInt()
  @Min(100)
  @Max(60_000)
  CACHE_LOCK_TTL_MS: number = 3_000;
}

/** Turns a system app's backend settings into client options. */
export function backendOptionsFrom(backend: string, config: BackendClientConfig): BackendOptions {
  return {
    backend,
    baseUrl: config.BACKEND_URL,
    timeoutMs: config.BACKEND_TIMEOUT_MS,
    maxSockets: config.BACKEND_MAX_SOCKETS,
    maxConcurrent: config.BACKEND_MAX_CONCURRENCY,
    maxBodyBytes: config.BACKEND_MAX_BODY_BYTES,
    breaker: {
      volumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
      errorThresholdPercentage: config.BREAKER_ERROR_PERCENT,
      resetTimeoutMs: config.BREAKER_RESET_MS,
      rollingWindowMs: config.BREAKER_WINDOW_MS,
    },
    retry: {
      attempts: config.RETRY_ATTEMPTS,
      baseDelayMs: config.RETRY_BASE_DELAY_MS,
      maxDelayMs: config.RETRY_MAX_DELAY_MS,
      maxRetryAfterMs: config.RETRY_AFTER_MAX_WAIT_MS,
    },
  };
}
