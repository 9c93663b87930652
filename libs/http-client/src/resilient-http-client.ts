import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import {
  currentRequestContext,
  REQUEST_BUDGET_HEADER,
  REQUEST_DEADLINE_HEADER,
  remainingBudgetMs,
  upstreamCallDuration,
  upstreamCalls,
} from '@omnigate/observability';
import { UpstreamError } from '@omnigate/problems';
import type { BackendCall, BackendOptions, BackendResponse } from './backend-options';
import { Bulkhead } from './bulkhead';
import { backoffDelayMs, parseRetryAfter } from './retry-after';

type BreakerState = 'closed' | 'open' | 'half-open';

/** One breaker as operators see it: its state, what its rolling window counted, and when its state last changed. */
export interface BreakerStats {
  state: BreakerState;
  /** Calls that reached the breaker in the window, refused ones included. */
  calls: number;
  /** Calls that failed in the window (5xx, unreachable, timed out); back-pressure (429, 4xx) is not a failure. */
  failures: number;
  /** Calls the open breaker refused in the window, never sent to the backend. */
  rejects: number;
  /** The rolling window the counts cover. */
  windowMs: number;
  /** When the breaker last opened, half-opened or closed; null when it has stayed closed since it was made. */
  changedAt: string | null;
}

/** Told when a backend starts or stops refusing work (some breaker of it open), e.g. the edge's load shedder. */
export interface UpstreamSaturationListener {
  markUpstreamSaturated(backend: string, saturated: boolean): void;
}

/** Nest token of the app's {@link UpstreamSaturationListener}, when it has one. */
export const UPSTREAM_SATURATION = Symbol('UPSTREAM_SATURATION');

function stateOf(breaker: CircuitBreaker): BreakerState {
  return breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed';
}

/** Time kept back from the budget passed down, for the answer's way back up. */
const HOP_MARGIN_MS = 50;

/** Below this, a call cannot be answered in time and is not made. */
const MIN_CALL_BUDGET_MS = 20;

/**
 * Answers that say only that this attempt did nothing: an overloaded or rate-limiting backend, or
 * an earlier attempt of the same Idempotency-Key still running uncommitted.
 */
function didNothing(response: BackendResponse<unknown>): boolean {
  if (response.status === 429 || response.status === 503) return true;
  const type = (response.data as { type?: unknown } | null)?.type;
  return response.status === 409 && typeof type === 'string' && type.endsWith('/idempotency-key-in-flight');
}

/** A 429 or another 4xx refusal means "not now" or "not this", not "broken": it must not trip the breaker. */
function isBackPressure(error: unknown): boolean {
  return (
    error instanceof UpstreamError && (error.failure === 'quota-exceeded' || error.failure === 'rejected')
  );
}

/**
 * axios sets TCP keep-alive to 60 s on the socket of every request; the agent, when it takes the
 * socket back, sets its own delay. Equal delays make both a no-op after the first: unequal (the
 * agent's default is 1 s) they cost two setsockopt calls per backend call.
 */
const AXIOS_KEEP_ALIVE_MS = 60_000;
function keepAliveAgentOptions(maxSockets: number) {
  return { keepAlive: true, keepAliveMsecs: AXIOS_KEEP_ALIVE_MS, maxSockets };
}

/**
 * Calls one backend with keep-alive sockets, per-call timeouts, an opossum breaker per operation,
 * retries with exponential backoff and jitter for idempotent calls, and Retry-After honoured.
 * Every failure surfaces as one {@link UpstreamError} naming the backend and the operation.
 */
export class ResilientHttpClient {
  private readonly http: AxiosInstance;
  private readonly breakers = new Map<string, CircuitBreaker<[BackendCall], BackendResponse<unknown>>>();
  private readonly breakerChangedAt = new Map<string, Date>();
  private readonly bulkhead: Bulkhead | undefined;

  constructor(
    private readonly options: BackendOptions,
    private readonly logger: Logger,
    private readonly saturation?: UpstreamSaturationListener,
  ) {
    this.bulkhead = options.maxConcurrent ? new Bulkhead(options.maxConcurrent) : undefined;
    this.http = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      httpAgent: new HttpAgent(keepAliveAgentOptions(options.maxSockets)),
      httpsAgent: new HttpsAgent(keepAliveAgentOptions(options.maxSockets)),
      validateStatus: () => true,
      headers: options.headers,
      // A redirect would carry the service key and vendor credentials to wherever it points: it is a bad answer, not followed.
      maxRedirects: 0,
      maxContentLength: options.maxBodyBytes,
      maxBodyLength: options.maxBodyBytes,
    });
  }

  /** Performs the call, retrying what is safe to retry, and answers or throws {@link UpstreamError}. */
  async call<T>(call: BackendCall): Promise<BackendResponse<T>> {
    const { attempts, baseDelayMs, maxDelayMs, maxRetryAfterMs } = this.options.retry;
    // A write whose attempt timed out may have been done. A later attempt refused without doing
    // anything (an open breaker, a busy backend) says nothing of that one: the timeout stands, so
    // the caller learns the outcome is unknown (repeat the key), never that nothing was done.
    let unsettledWrite: UpstreamError | undefined;
    for (let attempt = 0; ; attempt++) {
      const budgetMs = remainingBudgetMs();
      if (budgetMs !== undefined && budgetMs < MIN_CALL_BUDGET_MS) {
        // The caller has stopped waiting: the work is not started, nor retried.
        upstreamCalls.inc({ backend: this.options.backend, operation: call.operation, outcome: 'timeout' });
        if (unsettledWrite) throw unsettledWrite;
        throw new UpstreamError(
          this.options.backend,
          call.operation,
          'timeout',
          "the caller's deadline has passed",
        );
      }
      // Timed from when the call leaves the bulkhead: a wait for a free slot is not the backend's latency.
      let endTimer: (() => void) | undefined;
      try {
        const response = (await this.inBulkhead(call, () => {
          endTimer = upstreamCallDuration.startTimer({ backend: this.options.backend });
          return this.breakerFor(call.operation).fire(call);
        })) as BackendResponse<T>;
        endTimer?.();
        upstreamCalls.inc({ backend: this.options.backend, operation: call.operation, outcome: 'ok' });
        if (unsettledWrite && didNothing(response)) throw unsettledWrite;
        return response;
      } catch (thrown) {
        if (thrown === unsettledWrite) throw thrown;
        const error = this.toUpstreamError(call, thrown);
        if (call.method !== 'GET' && error.failure === 'timeout') unsettledWrite ??= error;
        // A call the open breaker refused never reached the backend: it says nothing of its latency.
        if (error.failure !== 'circuit-open') endTimer?.();
        upstreamCalls.inc({
          backend: this.options.backend,
          operation: call.operation,
          outcome: error.failure,
        });
        const retryable =
          error.failure === 'quota-exceeded' ||
          (call.idempotent && (error.failure === 'timeout' || error.failure === 'unavailable'));
        const waitMs =
          error.retryAfterS !== undefined
            ? error.retryAfterS * 1000
            : backoffDelayMs(attempt, baseDelayMs, maxDelayMs);
        const left = remainingBudgetMs();
        if (
          !retryable ||
          attempt + 1 >= attempts ||
          waitMs > maxRetryAfterMs ||
          (left !== undefined && waitMs >= left)
        )
          throw unsettledWrite ?? error;
        this.logger.warn(
          {
            backend: this.options.backend,
            operation: call.operation,
            failure: error.failure,
            waitMs,
            attempt: attempt + 1,
          },
          'backend call failed; retrying',
        );
        await sleep(waitMs);
      }
    }
  }

  /** The state of every breaker this client has opened so far, by operation. */
  breakerStates(): Record<string, BreakerState> {
    return Object.fromEntries([...this.breakers].map(([operation, b]) => [operation, stateOf(b)]));
  }

  /** Every breaker's state, its rolling window's counts and its last change, by operation. */
  breakerStats(): Record<string, BreakerStats> {
    return Object.fromEntries(
      [...this.breakers].map(([operation, b]) => {
        const { fires, failures, rejects } = b.stats;
        return [
          operation,
          {
            state: stateOf(b),
            calls: fires,
            failures,
            rejects,
            windowMs: this.options.breaker.rollingWindowMs,
            changedAt: this.breakerChangedAt.get(operation)?.toISOString() ?? null,
          },
        ];
      }),
    );
  }

  /** Stops the breakers' timers (app shutdown). */
  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
  }

  /**
   * Runs the attempt in one of the backend's slots. Waiting for a slot is not the backend's fault:
   * it is outside the breaker, and a wait that outlasts the caller (or the call's timeout) is a timeout.
   */
  private async inBulkhead<R>(call: BackendCall, attempt: () => Promise<R>): Promise<R> {
    if (!this.bulkhead) return attempt();
    const maxWaitMs = Math.min(
      this.options.timeoutMs,
      (remainingBudgetMs() ?? Infinity) - MIN_CALL_BUDGET_MS,
    );
    if (!(await this.bulkhead.acquire(maxWaitMs))) {
      throw new UpstreamError(
        this.options.backend,
        call.operation,
        'timeout',
        `no free slot of ${this.bulkhead.limit} to the backend in time`,
      );
    }
    try {
      return await attempt();
    } finally {
      this.bulkhead.release();
    }
  }

  private breakerFor(operation: string) {
    const existing = this.breakers.get(operation);
    if (existing) return existing;
    const { volumeThreshold, errorThresholdPercentage, resetTimeoutMs, rollingWindowMs } =
      this.options.breaker;
    const breaker = new CircuitBreaker((call: BackendCall) => this.send(call), {
      timeout: false,
      volumeThreshold,
      errorThresholdPercentage,
      resetTimeout: resetTimeoutMs,
      rollingCountTimeout: rollingWindowMs,
      rollingCountBuckets: 10,
      errorFilter: isBackPressure,
    });
    const changed = (state: BreakerState) => () => {
      this.breakerChangedAt.set(operation, new Date());
      this.logger.warn({ backend: this.options.backend, operation, state }, `breaker ${state}`);
      // Any open breaker means this backend is refusing work: the edge sheds browsing first.
      this.saturation?.markUpstreamSaturated(
        this.options.backend,
        [...this.breakers.values()].some((b) => b.opened),
      );
    };
    breaker.on('open', changed('open'));
    breaker.on('halfOpen', changed('half-open'));
    breaker.on('close', changed('closed'));
    this.breakers.set(operation, breaker);
    return breaker;
  }

  private async send(call: BackendCall): Promise<BackendResponse<unknown>> {
    const context = currentRequestContext();
    const correlationId = context?.correlationId;
    // Set only when this app makes no spans; otherwise the HTTP instrumentation writes its own.
    const trace = context?.traceContext;
    // The call gets what is left of the caller's budget (or the client's timeout), and says so to the
    // next hop twice: as a budget, and as the instant it runs out, so time spent unread there counts.
    const sentAt = Date.now();
    const timeoutMs = Math.min(this.options.timeoutMs, remainingBudgetMs(sentAt) ?? Infinity);
    const passedBudgetMs = Math.max(1, Math.floor(timeoutMs - HOP_MARGIN_MS));
    const response: AxiosResponse = await this.http.request({
      method: call.method,
      url: call.path,
      params: call.params,
      data: call.body,
      timeout: Math.max(1, timeoutMs),
      headers: {
        ...call.headers,
        ...(correlationId && { 'x-correlation-id': correlationId }),
        ...(trace && {
          traceparent: trace.traceparent,
          ...(trace.tracestate && { tracestate: trace.tracestate }),
        }),
        ...(this.options.internal && {
          [REQUEST_BUDGET_HEADER]: String(passedBudgetMs),
          [REQUEST_DEADLINE_HEADER]: String(sentAt + passedBudgetMs),
        }),
      },
    });
    const headers = response.headers as Record<string, string | undefined>;
    if ((response.status >= 200 && response.status < 300) || call.acceptStatuses?.includes(response.status)) {
      return { status: response.status, data: response.data, headers };
    }
    const retryAfterS = parseRetryAfter(headers['retry-after']);
    const { backend } = this.options;
    if (response.status >= 300 && response.status < 400) {
      throw new UpstreamError(
        backend,
        call.operation,
        'bad-response',
        `redirected with ${response.status}`,
        response.status,
      );
    }
    if (response.status === 429) {
      throw new UpstreamError(
        backend,
        call.operation,
        'quota-exceeded',
        'quota exceeded',
        429,
        retryAfterS ?? 1,
      );
    }
    if (response.status === 503 && retryAfterS !== undefined) {
      throw new UpstreamError(backend, call.operation, 'unavailable', 'in maintenance', 503, retryAfterS);
    }
    if (response.status >= 500) {
      throw new UpstreamError(
        backend,
        call.operation,
        'unavailable',
        `answered ${response.status}`,
        response.status,
      );
    }
    throw new UpstreamError(
      backend,
      call.operation,
      'rejected',
      `refused with ${response.status}`,
      response.status,
    );
  }

  private toUpstreamError(call: BackendCall, thrown: unknown): UpstreamError {
    if (thrown instanceof UpstreamError) return thrown;
    const { backend } = this.options;
    const code = (thrown as { code?: string })?.code;
    if (code === 'EOPENBREAKER') {
      const retryAfterS = Math.ceil(this.options.breaker.resetTimeoutMs / 1000);
      return new UpstreamError(
        backend,
        call.operation,
        'circuit-open',
        'breaker open',
        undefined,
        retryAfterS,
      );
    }
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
      return new UpstreamError(backend, call.operation, 'timeout', 'no answer in time');
    }
    // Axios' own refusals, not worth a retry: an answer over maxBodyBytes (or unreadable), a request body over it (never sent).
    if (code === 'ERR_BAD_RESPONSE')
      return new UpstreamError(backend, call.operation, 'bad-response', (thrown as Error).message);
    if (code === 'ERR_BAD_REQUEST')
      return new UpstreamError(backend, call.operation, 'rejected', (thrown as Error).message);
    return new UpstreamError(
      backend,
      call.operation,
      'unavailable',
      (thrown as Error)?.message ?? 'unreachable',
    );
  }
}
