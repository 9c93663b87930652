import { Injectable, Logger } from '@nestjs/common';
import type { TowerPerson } from '../access/tower-keys';
import { LowerApis, type LowerAnswer } from './lower-apis';

/**
 * Replays dead letters for an operator through process-orders, and audits each attempt there (who,
 * what, on what, how it ended), refusals included: an action that was refused was still taken.
 */
@Injectable()
export class ReplayDeadLetters {
  private readonly logger = new Logger(ReplayDeadLetters.name);

  constructor(private readonly lower: LowerApis) {}

  private async audit(person: TowerPerson, action: string, target: string, answer: LowerAnswer, detail: Record<string, unknown> = {}): Promise<void> {
    const outcome = answer.status < 300 ? 'done' : answer.status < 500 ? 'refused' : 'failed';
    const problem = answer.status >= 300 ? { status: answer.status, type: (answer.body as { type?: string } | null)?.type ?? null } : {};
    const recorded = await this.lower.orders('operator-actions', 'POST', { actor: person.person, action, target, outcome, detail: { ...detail, ...problem } });
    if (recorded.status !== 201) this.logger.error(`operator action ${action} on ${target} not audited: process-orders answered ${recorded.status}`);
  }

  async one(person: TowerPerson, queue: string, deadLetterId: string): Promise<LowerAnswer> {
    const answer = await this.lower.orders(`dead-letters/${queue}/${deadLetterId}/replay`, 'POST', {});
    await this.audit(person, 'replay-dead-letter', `${queue}/${deadLetterId}`, answer);
    return answer;
  }

  /** process-orders replays the whole queue in one call, refused as a whole while the ERP breaker is open. */
  async all(person: TowerPerson, queue: string): Promise<LowerAnswer> {
    const answer = await this.lower.orders(`dead-letters/${queue}/replay`, 'POST', {});
    const replayed = (answer.body as { replayed?: unknown } | null)?.replayed;
    await this.audit(person, 'replay-all-dead-letters', queue, answer, Array.isArray(replayed) ? { replayed: replayed.length } : {});
    return answer;
  }
}
