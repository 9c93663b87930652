import type { Migration } from '@omnigate/persistence';

/** The ledger of ERP postings; every process app that posts includes these migrations. */
export const postingLedgerMigrations: Migration[] = [
  {
    id: '2026-11-23-erp-postings',
    sql: `
      CREATE TABLE IF NOT EXISTS erp_postings (
        posting_id      text PRIMARY KEY,
        kind            text NOT NULL,
        source_type     text NOT NULL,
        source_id       text NOT NULL,
        store_id        text NOT NULL,
        currency        text NOT NULL,
        occurred_at     timestamptz NOT NULL,
        lines           jsonb NOT NULL,
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'posted', 'dead')),
        erp_document_id text,
        attempts        integer NOT NULL DEFAULT 0,
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        posted_at       timestamptz
      );
      CREATE INDEX IF NOT EXISTS erp_postings_source ON erp_postings (source_type, source_id);
      CREATE INDEX IF NOT EXISTS erp_postings_pending ON erp_postings (created_at) WHERE status <> 'posted';
    `,
  },
  {
    // A time budget instead of attempts, reversals and voids of postings, and the ERP quota shared by every replica.
    id: '2026-11-30-erp-posting-pipeline',
    sql: `
      ALTER TABLE erp_postings ADD COLUMN IF NOT EXISTS reference text;
      ALTER TABLE erp_postings ADD COLUMN IF NOT EXISTS reverses text;
      ALTER TABLE erp_postings ADD COLUMN IF NOT EXISTS reversal_requested boolean NOT NULL DEFAULT false;
      ALTER TABLE erp_postings ADD COLUMN IF NOT EXISTS next_attempt_at timestamptz;
      ALTER TABLE erp_postings ADD COLUMN IF NOT EXISTS budget_started_at timestamptz NOT NULL DEFAULT now();
      ALTER TABLE erp_postings DROP CONSTRAINT IF EXISTS erp_postings_status_check;
      ALTER TABLE erp_postings ADD CONSTRAINT erp_postings_status_check CHECK (status IN ('pending', 'posted', 'dead', 'void'));
      CREATE TABLE IF NOT EXISTS erp_quota (
        backend           text PRIMARY KEY,
        rate_per_s        double precision NOT NULL,
        in_flight         integer NOT NULL DEFAULT 0 CHECK (in_flight >= 0),
        next_start_at     timestamptz NOT NULL DEFAULT now(),
        paused_until      timestamptz NOT NULL DEFAULT now(),
        unavailable_until timestamptz NOT NULL DEFAULT now(),
        last_refusal      text
      );
      CREATE TABLE IF NOT EXISTS erp_quota_leases (
        lease_id    text PRIMARY KEY,
        backend     text NOT NULL,
        lease_until timestamptz NOT NULL
      );
    `,
  },
];
