import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The app's Prometheus registry, with Node's default metrics. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Inbound HTTP requests by route and status. */
export const httpRequestDuration = new Histogram({
  name: 'omnigate_http_request_duration_seconds',
  help: 'Inbound HTTP request duration',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** Outbound backend calls by backend, operation and outcome. */
export const upstreamCalls = new Counter({
  name: 'omnigate_upstream_calls_total',
  help: 'Backend calls by outcome',
  labelNames: ['backend', 'operation', 'outcome'],
  registers: [metricsRegistry],
});

/** How long calls that reached a backend took (answered or failed there), by backend: the latency the control tower shows. */
export const upstreamCallDuration = new Histogram({
  name: 'omnigate_upstream_call_duration_seconds',
  help: 'Duration of backend calls that reached the backend, by backend',
  labelNames: ['backend'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

/** 1 while an upstream API refuses work (a breaker of this app's client to it is open), as this app's load shedder sees it. */
export const upstreamSaturated = new Gauge({
  name: 'omnigate_upstream_saturated',
  help: 'Whether an upstream API is saturated (a breaker open) and sheds the browse traffic that depends on it',
  labelNames: ['backend'],
  registers: [metricsRegistry],
});

/** Cache lookups by cache name and result (fresh, stale, miss). */
export const cacheLookups = new Counter({
  name: 'omnigate_cache_lookups_total',
  help: 'Cache lookups by result',
  labelNames: ['cache', 'result'],
  registers: [metricsRegistry],
});
