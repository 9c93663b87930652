import { Injectable } from '@nestjs/common';
import type { TowerPerson } from '../access/tower-keys';
import { LowerApis, type LowerAnswer } from './lower-apis';
import { OperatorAudit } from './operator-audit';

/** Pauses and resumes a queue for an operator through process-orders, and audits each attempt there, refusals included. */
@Injectable()
export class PauseQueue {
  constructor(
    private readonly lower: LowerApis,
    private readonly audit: OperatorAudit,
  ) {}

  async pause(person: TowerPerson, queue: string, reason: string): Promise<LowerAnswer> {
    const answer = await this.lower.orders(`queues/${queue}/pause`, 'PUT', { actor: person.person, reason });
    // A queue already paused answers the pause in force, whose author and reason may be someone else's.
    const inForce = (answer.body as { paused?: { by?: string } } | null)?.paused;
    await this.audit.record(person, 'pause-queue', queue, answer, {
      reason,
      ...(inForce?.by && inForce.by !== person.person && { alreadyPausedBy: inForce.by }),
    });
    return answer;
  }

  async resume(person: TowerPerson, queue: string): Promise<LowerAnswer> {
    const answer = await this.lower.orders(`queues/${queue}/pause`, 'DELETE');
    const lifted = (answer.body as { resumed?: { by: string; reason: string; since: string } | null } | null)
      ?.resumed;
    await this.audit.record(
      person,
      'resume-queue',
      queue,
      answer,
      answer.status < 300 ? { lifted: lifted ?? null } : {},
    );
    return answer;
  }
}
