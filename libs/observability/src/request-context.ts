import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line, outgoing call and use case of one request needs to know about it. */
export interface RequestContext {
  readonly correlationId: string;
  channel?: string;
  clientAppId?: string;
  storeId?: string;
  /** When the caller stops waiting (epoch ms), from its X-Request-Budget-Ms; calls below pass on what is left. */
  deadlineAt?: number;
  /**
   * The caller's W3C trace context, kept only when this app makes no spans (no exporter): the calls
   * below pass it on as it came, so the hops that do export stay in the caller's trace.
   */
  traceContext?: PassedTraceContext;
}

/** A caller's `traceparent` and `tracestate` headers, passed on untouched. */
export interface PassedTraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the request being served, if any. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `fn` with `context` as the current request context (HTTP hooks and job handlers use it). */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller's correlation id when it is safe to log and forward; otherwise undefined. */
export function acceptCorrelationId(value: unknown): string | undefined {
  return typeof value === 'string' && CORRELATION_ID.test(value) ? value : undefined;
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const TRACESTATE = /^[\x20-\x7e]{1,512}$/;

/** A caller's W3C trace context when its `traceparent` is well formed (and its `tracestate` printable); otherwise undefined. */
export function acceptTraceContext(
  traceparent: unknown,
  tracestate: unknown,
): PassedTraceContext | undefined {
  if (typeof traceparent !== 'string' || !TRACEPARENT.test(traceparent)) return undefined;
  return typeof tracestate === 'string' && TRACESTATE.test(tracestate)
    ? { traceparent, tracestate }
    : { traceparent };
}

/** The header carrying a caller's remaining time budget in milliseconds, from hop to hop. */
export const REQUEST_BUDGET_HEADER = 'x-request-budget-ms';

/**
 * The header our apps send each other beside the budget: the instant (epoch ms) the caller stops
 * waiting. A budget is counted from when the request is read; on a busy replica a request can wait
 * unread for a while, and that wait counts against the caller too.
 */
export const REQUEST_DEADLINE_HEADER = 'x-request-deadline';

/** The longest budget a caller may announce (ten minutes); a larger one is treated as this. */
const MAX_BUDGET_MS = 600_000;

const BUDGET = /^\d{1,9}$/;
const EPOCH_MS = /^\d{1,15}$/;

/**
 * When the caller stops waiting: its budget counted from `now`, or its own deadline when that comes
 * earlier. Undefined without a budget (a deadline alone is not enough) or with nonsense. A caller's
 * deadline only ever shortens its own wait; it assumes the hosts' clocks agree (NTP).
 */
export function deadlineFromHeaders(budget: unknown, deadline: unknown, now: number): number | undefined {
  if (typeof budget !== 'string' || !BUDGET.test(budget)) return undefined;
  const counted = now + Math.min(Number(budget), MAX_BUDGET_MS);
  return typeof deadline === 'string' && EPOCH_MS.test(deadline)
    ? Math.min(counted, Number(deadline))
    : counted;
}

/** Milliseconds left before the current request's caller stops waiting; undefined when it set no deadline. */
export function remainingBudgetMs(now: number = Date.now()): number | undefined {
  const deadlineAt = currentRequestContext()?.deadlineAt;
  return deadlineAt === undefined ? undefined : deadlineAt - now;
}

/** Runs `fn` free of the current caller's deadline: work that goes on after the caller was answered (a 202). */
export function runPastDeadline<T>(fn: () => T): T {
  const context = currentRequestContext();
  if (!context) return fn();
  const { deadlineAt: _, ...rest } = context;
  return storage.run(rest, fn);
}
