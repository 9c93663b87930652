import type { BackendName } from './backend-name';

/** One call as a backend received it; times are epoch milliseconds until rendered. */
export interface LoggedCall {
  backend: BackendName;
  operation: string;
  method: string;
  path: string;
  status: number;
  receivedAt: number;
  finishedAt: number;
  traceparent?: string;
  correlationId?: string;
  body?: unknown;
  replyLost?: true;
}

/** A recorded call as `GET /_admin/calls` shows it. */
export interface RecordedCall {
  backend: BackendName;
  operation: string;
  method: string;
  path: string;
  status: number;
  receivedAt: string;
  finishedAt: string;
  headers: { traceparent?: string; 'x-correlation-id'?: string };
  body?: unknown;
  /** The backend committed this write but the caller never got its answer. */
  replyLost?: true;
}

/** Which recent calls to show, newest last. */
export interface CallQuery {
  backend?: string;
  operation?: string;
  limit: number;
}

/** A fixed-size ring of the most recent calls; recording is one array write, rendering happens on read. */
export class CallLog {
  private readonly ring: Array<LoggedCall | undefined>;
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<LoggedCall | undefined>(capacity);
  }

  record(call: LoggedCall): void {
    this.ring[this.next] = call;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  recent(query: CallQuery): RecordedCall[] {
    const found: RecordedCall[] = [];
    for (let i = 1; i <= this.size && found.length < query.limit; i++) {
      const call = this.ring[(this.next - i + this.capacity) % this.capacity]!;
      if (query.backend && call.backend !== query.backend) continue;
      if (query.operation && call.operation !== query.operation) continue;
      found.push(render(call));
    }
    return found.reverse();
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.size = 0;
  }
}

function render(call: LoggedCall): RecordedCall {
  const headers: RecordedCall['headers'] = {};
  if (call.traceparent !== undefined) headers.traceparent = call.traceparent;
  if (call.correlationId !== undefined) headers['x-correlation-id'] = call.correlationId;
  const recorded: RecordedCall = {
    backend: call.backend,
    operation: call.operation,
    method: call.method,
    path: call.path,
    status: call.status,
    receivedAt: new Date(call.receivedAt).toISOString(),
    finishedAt: new Date(call.finishedAt).toISOString(),
    headers,
  };
  if (call.body !== undefined) recorded.body = call.body;
  if (call.replyLost) recorded.replyLost = true;
  return recorded;
}
