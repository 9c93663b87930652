import { Injectable } from '@nestjs/common';
import { SandboxClock } from '../sandbox-clock';
import { BACKEND_NAMES, type BackendName } from './backend-name';
import { BackendQuota } from './backend-quota';
import { CallLog, type CallQuery, type LoggedCall, type RecordedCall } from './call-log';
import { defaultFaultSettings, type FaultSettings, type LostReplyMode } from './fault-settings';
import type { FaultSettingsPatch } from './fault-settings.dto';
import type { Refusal } from './refusal';
import { TrafficCounters, type BackendCountersSnapshot } from './traffic-counters';

/** How many calls `GET /_admin/calls` can look back over. */
export const CALL_LOG_CAPACITY = 20_000;

/** A call on its way through the sandbox, from arrival to answer. */
export interface TrafficCall {
  backend: BackendName;
  operation: string;
  method: string;
  path: string;
  receivedAt: number;
  traceparent?: string;
  correlationId?: string;
  body?: unknown;
  admitted: boolean;
  /** The write committed but its answer was lost (the lostReplies fault). */
  replyLost?: true;
}

/** What the sandbox needs to know of an incoming request. */
export interface ArrivingRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

function perBackend<T>(make: (backend: BackendName) => T): Record<BackendName, T> {
  return Object.fromEntries(BACKEND_NAMES.map((b) => [b, make(b)])) as Record<BackendName, T>;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Fault settings, quotas, counters and the call log of the four simulated backends: decides which
 * calls are refused before any business logic runs, and records every call.
 */
@Injectable()
export class BackendTraffic {
  private faults = perBackend(defaultFaultSettings);
  private counters = perBackend(() => new TrafficCounters());
  private readonly quotas = perBackend(() => new BackendQuota());
  private readonly callLog = new CallLog(CALL_LOG_CAPACITY);

  constructor(private readonly clock: SandboxClock) {}

  faultsOf(backend: BackendName): Readonly<FaultSettings> {
    return this.faults[backend];
  }

  /** Whether the ERP should reject the document arriving now (the refuseDocuments fault); counts it down. */
  refuseDocument(): boolean {
    const faults = this.faults.erp;
    if (faults.refuseDocuments === 0) return false;
    faults.refuseDocuments--;
    return true;
  }

  /** Whether the ERP should forget the document arriving now after acknowledging it (the loseDocuments fault); counts it down. */
  loseDocument(): boolean {
    return this.countDown('erp', 'loseDocuments');
  }

  /** Whether the loyalty platform should forget the accrual arriving now after acknowledging it (the loseAccruals fault); counts it down. */
  loseAccrual(): boolean {
    return this.countDown('loyalty', 'loseAccruals');
  }

  /** Whether the loyalty platform should forget the redemption arriving now after acknowledging it (the loseRedemptions fault); counts it down. */
  loseRedemption(): boolean {
    return this.countDown('loyalty', 'loseRedemptions');
  }

  private countDown(
    backend: BackendName,
    fault: 'loseDocuments' | 'loseAccruals' | 'loseRedemptions',
  ): boolean {
    const faults = this.faults[backend];
    if (faults[fault] === 0) return false;
    faults[fault]--;
    return true;
  }

  allFaults(): Record<BackendName, FaultSettings> {
    return this.faults;
  }

  /** Merges a partial change into a backend's settings; a quota change restarts its window. */
  changeFaults(backend: BackendName, patch: FaultSettingsPatch): FaultSettings {
    const current = this.faults[backend];
    const { quota, ...rest } = patch;
    const defined = <T extends object>(o: T) =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
    this.faults[backend] = {
      ...current,
      ...defined(rest),
      quota: { ...current.quota, ...defined(quota ?? {}) },
    };
    if (quota) this.quotas[backend].resetWindow();
    return this.faults[backend];
  }

  open(backend: BackendName, operation: string, request: ArrivingRequest): TrafficCall {
    this.counters[backend].received(operation);
    const write = request.method !== 'GET' && request.method !== 'HEAD';
    return {
      backend,
      operation,
      method: request.method,
      path: request.url,
      receivedAt: this.clock.now(),
      traceparent: headerValue(request.headers.traceparent),
      correlationId: headerValue(request.headers['x-correlation-id']),
      body: write ? request.body : undefined,
      admitted: false,
    };
  }

  /**
   * Lets a call in or refuses it, in this order: maintenance (503), forced 429s, concurrency
   * quota, window quota (429). An admitted call is in flight until {@link close}.
   */
  admit(call: TrafficCall): Refusal | undefined {
    const faults = this.faults[call.backend];
    if (faults.maintenance)
      return { status: 503, reason: 'maintenance', retryAfterS: faults.maintenanceRetryAfterS };
    if (faults.force429 > 0) {
      faults.force429--;
      return { status: 429, reason: 'forced-429', retryAfterS: faults.force429RetryAfterS };
    }
    const quota = this.quotas[call.backend];
    const refusal = quota.admit(faults.quota, this.clock.now());
    if (refusal) return refusal;
    call.admitted = true;
    this.counters[call.backend].admitted(quota.inFlight);
    return undefined;
  }

  /** How long an admitted call waits before it is answered: latency plus up to jitter. */
  latencyMs(backend: BackendName): number {
    const { latencyMs, jitterMs } = this.faults[backend];
    return jitterMs > 0 ? latencyMs + Math.floor(Math.random() * (jitterMs + 1)) : latencyMs;
  }

  /** Outage and error-rate failures, decided after the latency and before the business logic. */
  injectedFailure(backend: BackendName): Refusal | undefined {
    const faults = this.faults[backend];
    if (faults.outage) return { status: 500, reason: 'outage' };
    if (faults.errorRate > 0 && Math.random() < faults.errorRate)
      return { status: 500, reason: 'injected-error' };
    return undefined;
  }

  /**
   * Whether the answer to a write that just committed is lost, and how; counts lostReplies down.
   * Reads keep their answers: the fault models a commit the caller never hears about.
   */
  loseReply(call: TrafficCall): { mode: LostReplyMode; delayMs: number } | undefined {
    const faults = this.faults[call.backend];
    if (faults.lostReplies === 0 || call.method === 'GET' || call.method === 'HEAD') return undefined;
    faults.lostReplies--;
    call.replyLost = true;
    return { mode: faults.lostReplyMode, delayMs: faults.lostReplyDelayMs };
  }

  /** Records the answer; `refused` marks a fault answer given instead of the business logic. */
  close(call: TrafficCall, status: number, refused: boolean): void {
    if (call.admitted) {
      this.quotas[call.backend].release();
      call.admitted = false;
    }
    if (refused) this.counters[call.backend].refusedWith(call.operation, status);
    const logged: LoggedCall = { ...call, status, finishedAt: this.clock.now() };
    this.callLog.record(logged);
  }

  countersSnapshot(): Record<BackendName, BackendCountersSnapshot> {
    return perBackend((backend) => ({
      ...this.counters[backend].snapshot(),
      inFlight: this.quotas[backend].inFlight,
    }));
  }

  /** Clears counters and max-in-flight; calls in flight stay in flight. */
  clearCounters(): void {
    this.counters = perBackend(() => new TrafficCounters());
  }

  recentCalls(query: CallQuery): RecordedCall[] {
    return this.callLog.recent(query);
  }

  clearCalls(): void {
    this.callLog.clear();
  }

  /** Default faults, empty counters and call log, fresh quota windows. */
  reset(): void {
    this.faults = perBackend(defaultFaultSettings);
    this.clearCounters();
    this.clearCalls();
    for (const backend of BACKEND_NAMES) this.quotas[backend].resetWindow();
  }
}
