import { Injectable } from '@nestjs/common';
import { JobQueue, type QueuePause, QueuePauses } from '@omnigate/persistence';
import { ReplayDeadLetters } from './replay-dead-letters.usecase';

/** A pause as the operations API shows it, on a queue's listing and as the answer of a pause. */
export interface QueuePauseView {
  by: string;
  reason: string;
  since: string;
}

export function pauseViewOf(pause: QueuePause): QueuePauseView {
  return { by: pause.pausedBy, reason: pause.reason, since: pause.pausedAt.toISOString() };
}

/**
 * Pauses a queue on every replica: its jobs wait (none lost, none dead-lettered, no retry used) and
 * run once it is resumed; jobs already running finish. This replica stops its workers at once, the
 * others within QUEUE_PAUSE_CHECK_MS. Pausing a paused queue answers the pause in force.
 */
@Injectable()
export class PauseQueue {
  constructor(
    private readonly pauses: QueuePauses,
    private readonly jobs: JobQueue,
    private readonly replay: ReplayDeadLetters,
  ) {}

  async execute(command: { queue: string; actor: string; reason: string }) {
    const queue = this.replay.known(command.queue, true);
    const pause = await this.pauses.pause(queue, command.actor, command.reason);
    await this.jobs.checkPauses();
    return { queue, paused: pauseViewOf(pause) };
  }
}

/** Lifts a queue's pause on every replica (this one at once); resuming a queue that runs answers it running. */
@Injectable()
export class ResumeQueue {
  constructor(
    private readonly pauses: QueuePauses,
    private readonly jobs: JobQueue,
    private readonly replay: ReplayDeadLetters,
  ) {}

  async execute(command: { queue: string }) {
    const queue = this.replay.known(command.queue, true);
    const lifted = await this.pauses.resume(queue);
    await this.jobs.checkPauses();
    return { queue, paused: null, resumed: lifted ? pauseViewOf(lifted) : null };
  }
}
