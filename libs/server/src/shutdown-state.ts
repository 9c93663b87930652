import { Injectable } from '@nestjs/common';

/** Whether this replica is draining for shutdown; `/health/ready` answers 503 from the signal on. */
@Injectable()
export class ShutdownState {
  private since?: Date;

  /** When the drain began; undefined while the replica serves normally. */
  get drainingSince(): Date | undefined {
    return this.since;
  }

  beginDraining(): void {
    this.since ??= new Date();
  }
}
