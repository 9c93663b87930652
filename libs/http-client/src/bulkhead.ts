/**
 * At most `limit` calls at once; the others queue in arrival order. A queued call gives up when its
 * wait would outlast what its caller has left, so the queue never holds work nobody waits for.
 */
export class Bulkhead {
  private active = 0;
  private readonly queue: { admit: () => void }[] = [];

  constructor(readonly limit: number) {}

  /** Calls running now, and waiting for a slot. */
  get load(): { active: number; queued: number } {
    return { active: this.active, queued: this.queue.length };
  }

  /** Waits for a slot (at most `maxWaitMs`): true when one was taken (give it back with {@link release}), false when the wait ran out. */
  acquire(maxWaitMs: number): Promise<boolean> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const waiter = {
        admit: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(
        () => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          resolve(false);
        },
        Math.max(0, maxWaitMs),
      );
      this.queue.push(waiter);
    });
  }

  /** Gives a slot back: the longest waiting call takes it. */
  release(): void {
    const next = this.queue.shift();
    if (next) next.admit();
    else this.active--;
  }
}
