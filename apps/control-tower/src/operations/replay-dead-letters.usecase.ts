import { Injectable } from '@nestjs/common';
import type { TowerPerson } from '../access/tower-keys';
import { LowerApis, type LowerAnswer } from './lower-apis';
import { OperatorAudit } from './operator-audit';

/** Replays dead letters for an operator through process-orders, and audits each attempt there, refusals included. */
@Injectable()
export class ReplayDeadLetters {
  constructor(
    private readonly lower: LowerApis,
    private readonly audit: OperatorAudit,
  ) {}

  async one(person: TowerPerson, queue: string, deadLetterId: string): Promise<LowerAnswer> {
    const answer = await this.lower.orders(`dead-letters/${queue}/${deadLetterId}/replay`, 'POST', {});
    await this.audit.record(person, 'replay-dead-letter', `${queue}/${deadLetterId}`, answer);
    return answer;
  }

  /** process-orders replays the whole queue in one call, refused as a whole while the ERP breaker is open. */
  async all(person: TowerPerson, queue: string): Promise<LowerAnswer> {
    const answer = await this.lower.orders(`dead-letters/${queue}/replay`, 'POST', {});
    const replayed = (answer.body as { replayed?: unknown } | null)?.replayed;
    await this.audit.record(
      person,
      'replay-all-dead-letters',
      queue,
      answer,
      Array.isArray(replayed) ? { replayed: replayed.length } : {},
    );
    return answer;
  }
}
