import { SandboxClock } from './sandbox-clock';

interface Periodic {
  intervalMs: number;
  task: () => void;
  nextAt: number;
}

/** A sandbox clock that stands still until a spec moves it, running the periodic work that falls due on the way. */
export class MovableSandboxClock extends SandboxClock {
  private periodic: Periodic[] = [];

  constructor(private at: number = Date.now()) {
    super();
  }

  override now(): number {
    return this.at;
  }

  override every(intervalMs: number, task: () => void): () => void {
    const entry: Periodic = { intervalMs, task, nextAt: this.at + intervalMs };
    this.periodic.push(entry);
    return () => (this.periodic = this.periodic.filter((p) => p !== entry));
  }

  /** Moves time forward by `ms`, running each periodic task at every moment it falls due, in order. */
  advance(ms: number): void {
    const until = this.at + ms;
    for (;;) {
      const due = this.periodic.filter((p) => p.nextAt <= until).sort((a, b) => a.nextAt - b.nextAt)[0];
      if (!due) break;
      this.at = due.nextAt;
      due.nextAt += due.intervalMs;
      due.task();
    }
    this.at = until;
  }
}
