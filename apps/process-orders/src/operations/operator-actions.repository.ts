import { Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@omnigate/persistence';

/** One audited operator action: who did what to which dead letter or flow, when, and how it ended. */
export interface OperatorAction {
  actionId: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  outcome: string;
  detail: Record<string, unknown>;
}

/** The only file with SQL for the operator audit. */
@Injectable()
export class OperatorActionsRepository {
  constructor(private readonly db: Database) {}

  /** Records `entry`, in `tx` when given so the audit holds exactly the actions that were made. */
  async record(
    entry: Omit<OperatorAction, 'actionId' | 'at'>,
    tx: SqlExecutor = this.db,
  ): Promise<OperatorAction> {
    const [row] = await tx.query<Record<string, unknown>>(
      `INSERT INTO operator_actions (actor, action, target, outcome, detail) VALUES ($1, $2, $3, $4, $5)
       RETURNING action_id, at, actor, action, target, outcome, detail`,
      [entry.actor, entry.action, entry.target, entry.outcome, JSON.stringify(entry.detail)],
    );
    return toAction(row);
  }

  async latest(limit: number): Promise<OperatorAction[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT action_id, at, actor, action, target, outcome, detail FROM operator_actions ORDER BY action_id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toAction);
  }
}

function toAction(row: Record<string, unknown>): OperatorAction {
  return {
    actionId: String(row.action_id),
    at: new Date(row.at as string).toISOString(),
    actor: row.actor as string,
    action: row.action as string,
    target: row.target as string,
    outcome: row.outcome as string,
    detail: (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as Record<string, unknown>,
  };
}
