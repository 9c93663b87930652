import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line, outgoing call and use case of one request needs to know about it. */
export interface RequestContext {
  readonly correlationId: string;
  channel?: string;
  clientAppId?: string;
  storeId?: string;
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
