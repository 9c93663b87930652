import { Injectable } from '@nestjs/common';
import { Database } from '@omnigate/persistence';
import { DomainError } from '@omnigate/problems';
import { WorkflowEngine, operatorContext } from '@omnigate/workflow';
import { OperatorActionsRepository } from './operator-actions.repository';

export interface ReleaseStuckFlowCommand {
  workflow: string;
  flowId: string;
  /** The person releasing it, as the control tower knows them. */
  actor: string;
  reason: string;
}

/**
 * An operator releases a stuck flow's holds (a pickup order whose OMS order never came, a till's
 * points hold left behind): the workflow's operator release move, its effects and the audit entry
 * commit together, so the audit lists exactly the releases made. A refused release is audited too.
 */
@Injectable()
export class ReleaseStuckFlow {
  constructor(
    private readonly db: Database,
    private readonly workflows: WorkflowEngine,
    private readonly audit: OperatorActionsRepository,
  ) {}

  async execute(
    correlationId: string,
    command: ReleaseStuckFlowCommand,
  ): Promise<{ workflow: string; flowId: string; state: string }> {
    const entry = {
      actor: command.actor,
      action: 'release-flow',
      target: `${command.workflow}/${command.flowId}`,
    };
    try {
      return await this.db.transaction(async (tx) => {
        const { state } = await this.workflows.releaseStuckFlow(tx, operatorContext(correlationId), command);
        await this.audit.record({ ...entry, outcome: 'done', detail: { reason: command.reason, state } }, tx);
        return { workflow: command.workflow, flowId: command.flowId, state };
      });
    } catch (error) {
      if (error instanceof DomainError)
        await this.audit.record({
          ...entry,
          outcome: 'refused',
          detail: { reason: command.reason, type: error.type },
        });
      throw error;
    }
  }
}
