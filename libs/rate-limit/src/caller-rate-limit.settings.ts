import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';
import { ExceedsSetting } from '@omnigate/config';
import type { CallerRateLimits } from './caller-subjects';

/**
 * The defaults of `INTERNAL_RATE_LIMIT_PER_S` and `INTERNAL_RATE_LIMIT_BURST`: far above what one
 * calling app sends in normal traffic or under `npm run bench` (a two-core machine answers a few
 * thousand cached reads a second), so they stop a runaway caller, not a busy one.
 */
export const DEFAULT_CALLER_RATE_LIMITS: CallerRateLimits = { perS: 20_000, burst: 40_000 };

const MAX_PER_S = 1_000_000;

/** Validates `INTERNAL_RATE_LIMIT_PER_S`: requests per second one calling app may sustain over a minute. */
export const IsCallerRatePerS = () => applyDecorators(IsInt(), Min(1), Max(MAX_PER_S));

/** Validates `INTERNAL_RATE_LIMIT_BURST`: requests one calling app may send within one second, at least `INTERNAL_RATE_LIMIT_PER_S`. */
export const IsCallerBurst = () =>
  applyDecorators(IsInt(), Max(MAX_PER_S), ExceedsSetting('INTERNAL_RATE_LIMIT_PER_S', 0));

/** The caller rate limits of an internal app's configuration. */
export function callerRateLimitsFrom(config: {
  INTERNAL_RATE_LIMIT_PER_S: number;
  INTERNAL_RATE_LIMIT_BURST: number;
}): CallerRateLimits {
  return { perS: config.INTERNAL_RATE_LIMIT_PER_S, burst: config.INTERNAL_RATE_LIMIT_BURST };
}
