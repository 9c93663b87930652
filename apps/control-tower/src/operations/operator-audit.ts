import { Injectable, Logger } from '@nestjs/common';
import type { TowerPerson } from '../access/tower-keys';
import { LowerApis, type LowerAnswer } from './lower-apis';

/**
 * Records an operator action in process-orders' audit (who, what, on what, how it ended), refusals
 * included: an action that was refused was still taken.
 */
@Injectable()
export class OperatorAudit {
  private readonly logger = new Logger(OperatorAudit.name);

  constructor(private readonly lower: LowerApis) {}

  async record(
    person: TowerPerson,
    action: string,
    target: string,
    answer: LowerAnswer,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    const outcome = answer.status < 300 ? 'done' : answer.status < 500 ? 'refused' : 'failed';
    const problem =
      answer.status >= 300
        ? { status: answer.status, type: (answer.body as { type?: string } | null)?.type ?? null }
        : {};
    const recorded = await this.lower.orders('operator-actions', 'POST', {
      actor: person.person,
      action,
      target,
      outcome,
      detail: { ...detail, ...problem },
    });
    if (recorded.status !== 201)
      this.logger.error(
        `operator action ${action} on ${target} not audited: process-orders answered ${recorded.status}`,
      );
  }
}
