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
];
