import { Counter, type Registry } from 'prom-client';
import { metricsRegistry } from '@omnigate/observability';

const DEGRADED = 'omnigate_rate_limit_degraded_total';

/**
 * The counter of rate-limit window hits counted per replica because Redis failed (one per
 * registry); by default in the registry `/metrics` serves.
 */
export function degradedDecisionsCounter(registry: Registry = metricsRegistry): Counter {
  const existing = registry.getSingleMetric(DEGRADED);
  if (existing) return existing as Counter;
  return new Counter({
    name: DEGRADED,
    help: 'Rate-limit window hits counted in per-replica in-memory counters because Redis failed',
    registers: [registry],
  });
}

const REFUSALS = 'omnigate_rate_limit_refusals_total';

/**
 * The counter of requests refused 429 because a client app (or device) used up a window of its plan,
 * by client app and window; on an internal API `client_app` is the calling app (in the control tower
 * the person's role).
 */
export function refusalsCounter(registry: Registry = metricsRegistry): Counter<'client_app' | 'window'> {
  const existing = registry.getSingleMetric(REFUSALS);
  if (existing) return existing as Counter<'client_app' | 'window'>;
  return new Counter({
    name: REFUSALS,
    help: 'Requests refused 429 because the client app (on an internal API: the calling app) used up a window of its plan',
    labelNames: ['client_app', 'window'],
    registers: [registry],
  });
}
