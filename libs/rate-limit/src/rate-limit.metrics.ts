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
