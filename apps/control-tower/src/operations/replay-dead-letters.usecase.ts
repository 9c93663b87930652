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

  async all(person: TowerPerson, queue: string): Promise<LowerAnswer> {
    const listed = await this.lower.orders(`dead-letters?queue=${encodeURIComponent(queue)}`);
    if (listed.status !== 200) return listed;
    const ids = (listed.body as { deadLetters: { id: string }[] }).deadLetters.map((d) => d.id);
    const replayed: string[] = [];
    let refusal: LowerAnswer | undefined;
    for (const id of ids) {
      const answer = await this.lower.orders(`dead-letters/${queue}/${id}/replay`, 'POST', {});
      if (answer.status >= 300) {
        // The first refusal (an open ERP breaker refuses them all) stops the run: it is what the operator sees.
        refusal = answer;
        break;
      }
      replayed.push(id);
    }
    const result: LowerAnswer = refusal ?? { status: 202, contentType: 'application/json', body: { replayed } };
    await this.audit(person, 'replay-all-dead-letters', queue, result, { replayed: replayed.length, of: ids.length });
    return result;
  }
}
