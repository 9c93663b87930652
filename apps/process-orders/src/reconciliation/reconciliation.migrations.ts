import type { Migration } from '@omnigate/persistence';

/** The reconciliation reports, each kept as it was run (on demand or by the daily schedule). */
export const reconciliationMigrations: Migration[] = [
  {
    id: '2026-11-30-reconciliation-reports',
    sql: `
      CREATE TABLE IF NOT EXISTS reconciliation_reports (
        report_id     text PRIMARY KEY,
        store_id      text NOT NULL,
        business_date text NOT NULL CHECK (business_date ~ '^\\d{4}-\\d{2}-\\d{2}$'),
        trigger       text NOT NULL CHECK (trigger IN ('on-demand', 'schedule')),
        requested_by  text,
        ran_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
        checked       jsonb NOT NULL,
        differences   jsonb NOT NULL
      );
      CREATE INDEX IF NOT EXISTS reconciliation_reports_day ON reconciliation_reports (store_id, business_date, ran_at DESC);
      CREATE INDEX IF NOT EXISTS reconciliation_reports_ran_at ON reconciliation_reports (ran_at DESC);
    `,
  },
];
