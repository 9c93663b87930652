import { DomainError } from '@omnigate/problems';

/** How much work of one kind a replica takes on at once, and how much it lets wait. */
export interface AdmissionLimits {
  /** Runs at once, at most. */
  maxInFlight: number;
  /** Waiting for a free run, at most; one more is refused at once. */
  maxQueued: number;
}

/** The replica has as much of this work as it can finish in time (503, Retry-After). */
export class WorkNotAdmitted extends DomainError {
  readonly type = 'process-overloaded';
  override readonly kind = 'overloaded';
  override readonly retryAfterS = 1;
  constructor(work: string, reason: 'queue-full' | 'deadline') {
    super(
      reason === 'queue-full'
        ? `Too many ${work} are in progress; try again shortly`
        : `No ${work} could be started before the caller's deadline; try again shortly`,
    );
  }
}

interface Waiter {
  admit: () => void;
  timer?: NodeJS.Timeout;
}

/**
 * Admits only the work a replica can finish: a bounded number in flight, a short queue, and a fast
 * refusal beyond it, so latency stays bounded under overload instead of every caller timing out
 * together. A waiter whose caller's deadline passes leaves the queue refused: its work never starts.
 */
export class AdmissionGate {
  private inFlight = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly work: string,
    private readonly limits: AdmissionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Waits for a run; refuses with {@link WorkNotAdmitted} when the queue is full or the deadline
   * passes first. Call the returned function once the work has ended (which may be after its caller was answered).
   */
  async enter(deadlineAt: number | undefined): Promise<() => void> {
    await this.admit(deadlineAt);
    let released = false;
    return () => {
      if (!released) this.release();
      released = true;
    };
  }

  /** Work in flight and waiting, for metrics and the operations API. */
  state(): { inFlight: number; queued: number } {
    return { inFlight: this.inFlight, queued: this.queue.length };
  }

  private admit(deadlineAt: number | undefined): Promise<void> {
    if (this.inFlight < this.limits.maxInFlight) {
      this.inFlight++;
      return Promise.resolve();
    }
    if (this.queue.length >= this.limits.maxQueued)
      return Promise.reject(new WorkNotAdmitted(this.work, 'queue-full'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { admit: resolve };
      if (deadlineAt !== undefined) {
        waiter.timer = setTimeout(
          () => {
            this.queue.splice(this.queue.indexOf(waiter), 1);
            reject(new WorkNotAdmitted(this.work, 'deadline'));
          },
          Math.max(0, deadlineAt - this.now()),
        );
      }
      this.queue.push(waiter);
    });
  }

  private release(): void {
    const next = this.queue.shift();
    if (!next) {
      this.inFlight--;
      return;
    }
    // The slot passes straight to the next waiter.
    clearTimeout(next.timer);
    next.admit();
  }
}
