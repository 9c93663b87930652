/** Calls of one operation, and how many of them the sandbox refused with a fault. */
export interface OperationCount {
  calls: number;
  refused: number;
}

/** What one backend has received since the counters were last cleared. */
export interface BackendCountersSnapshot {
  total: number;
  /** Calls answered by a fault (quota, force429, maintenance, outage, error rate) without business logic. */
  refused: number;
  refusedByStatus: Record<string, number>;
  maxInFlight: number;
  operations: Record<string, OperationCount>;
}

/** Cheap per-backend call counters: a few integer bumps per call. */
export class TrafficCounters {
  private total = 0;
  private refused = 0;
  private maxInFlight = 0;
  private readonly refusedByStatus = new Map<number, number>();
  private readonly operations = new Map<string, OperationCount>();

  received(operation: string): void {
    this.total++;
    const count = this.operations.get(operation);
    if (count) count.calls++;
    else this.operations.set(operation, { calls: 1, refused: 0 });
  }

  admitted(inFlight: number): void {
    if (inFlight > this.maxInFlight) this.maxInFlight = inFlight;
  }

  refusedWith(operation: string, status: number): void {
    this.refused++;
    this.refusedByStatus.set(status, (this.refusedByStatus.get(status) ?? 0) + 1);
    const count = this.operations.get(operation);
    if (count) count.refused++;
  }

  snapshot(): BackendCountersSnapshot {
    return {
      total: this.total,
      refused: this.refused,
      refusedByStatus: Object.fromEntries(
        [...this.refusedByStatus].map(([status, n]) => [String(status), n]),
      ),
      maxInFlight: this.maxInFlight,
      operations: Object.fromEntries([...this.operations].map(([op, count]) => [op, { ...count }])),
    };
  }
}
