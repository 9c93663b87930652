import { Injectable } from '@nestjs/common';

/** The sandbox's source of the current time and of its periodic work, injectable so specs can move it. */
@Injectable()
export class SandboxClock {
  now(): number {
    return Date.now();
  }

  /** Runs `task` every `intervalMs` until the returned function stops it; never keeps the process alive. */
  every(intervalMs: number, task: () => void): () => void {
    const timer = setInterval(task, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
