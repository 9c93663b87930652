import type { Migration } from '@omnigate/persistence';

/** What the platform team's tools keep here: the audit of every operator action (the control tower has no database). */
export const operationsMigrations: Migration[] = [
  {
    id: '2026-11-30-operator-actions',
    sql: `
      CREATE TABLE IF NOT EXISTS operator_actions (
        action_id  bigserial PRIMARY KEY,
        at         timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor      text NOT NULL,
        action     text NOT NULL,
        target     text NOT NULL,
        outcome    text NOT NULL,
        detail     jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX IF NOT EXISTS operator_actions_at ON operator_actions (at DESC);
    `,
  },
];
