/**
 * The name each system or process API goes by in an app that calls it: in breaker logs, upstream
 * metrics and load-shedding decisions (`@DependsOn`).
 */
export const UPSTREAM_APIS = {
  erp: 'system-erp',
  pos: 'system-pos',
  loyalty: 'system-loyalty',
  oms: 'system-oms',
  orders: 'process-orders',
} as const;

/** One of {@link UPSTREAM_APIS}. */
export type UpstreamApi = (typeof UPSTREAM_APIS)[keyof typeof UPSTREAM_APIS];
