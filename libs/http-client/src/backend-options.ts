/** How one backend is called: where, how patiently, and when to stop calling it. */
export interface BackendOptions {
  /** Short backend name used in errors, metrics and logs: 'erp', 'loyalty', 'oms', 'pos'. */
  backend: string;
  baseUrl: string;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Most sockets kept open to the backend (keep-alive). */
  maxSockets: number;
  /** Most calls in flight to the backend at once (its concurrency quota); more wait their turn. Unset: no limit but the sockets. */
  maxConcurrent?: number;
  /** Largest body sent or accepted, in bytes: a larger answer is a bad response, not read to its end. */
  maxBodyBytes: number;
  breaker: {
    /** Calls in the rolling window before the breaker may open at all; never one failure. */
    volumeThreshold: number;
    errorThresholdPercentage: number;
    /** How long the breaker stays open before it lets one probe through. */
    resetTimeoutMs: number;
    rollingWindowMs: number;
  };
  retry: {
    /** Attempts in all, for idempotent calls; 1 means no retry. */
    attempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
    /** A Retry-After longer than this is not waited for: the caller is told instead. */
    maxRetryAfterMs: number;
  };
  /** An internal API of ours: it is told the caller's remaining budget (X-Request-Budget-Ms); vendors are not. */
  internal?: boolean;
  /** Headers sent on every call (vendor API keys and the like). */
  headers?: Record<string, string>;
}

/** One backend operation. */
export interface BackendCall {
  /** Stable operation name: one breaker and one metric label per operation. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  params?: Record<string, string | number>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Safe to repeat: only then are timeouts and 5xx retried. A 429 is always safe to repeat. */
  idempotent: boolean;
  /** Statuses besides 2xx handed back to the caller to interpret (a 404, a vendor's business refusal). */
  acceptStatuses?: number[];
}

/** A backend's answer. */
export interface BackendResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string | undefined>;
}
