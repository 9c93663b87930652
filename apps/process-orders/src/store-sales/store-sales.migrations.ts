import type { Migration } from '@omnigate/persistence';

/** What store sales add to the shared instance tables (after `sharedInstanceMigrations`): the key's uniqueness, lookups, the conflicts kept for operators. */
export const storeSaleMigrations: Migration[] = [
  {
    id: '2026-11-30-store-sales',
    sql: `
      CREATE UNIQUE INDEX IF NOT EXISTS store_sales_sale_key
        ON workflow_instances ((keys ->> 'saleKey')) WHERE workflow = 'store-sale';
      CREATE INDEX IF NOT EXISTS store_sales_register
        ON workflow_instances ((keys ->> 'storeId'), (keys ->> 'registerId')) WHERE workflow = 'store-sale';
      CREATE INDEX IF NOT EXISTS store_sales_journal
        ON workflow_instances ((facts ->> 'journalId')) WHERE workflow = 'store-sale';
      CREATE UNIQUE INDEX IF NOT EXISTS sales_journals_open
        ON workflow_instances ((keys ->> 'storeId'), (keys ->> 'businessDate'), (keys ->> 'currency'))
        WHERE workflow = 'sales-journal' AND state = 'OPEN';
      CREATE TABLE IF NOT EXISTS store_sale_conflicts (
        sale_key         text NOT NULL,
        submitted_hash   text NOT NULL,
        accepted_sale_id text NOT NULL,
        store_id         text NOT NULL,
        submitted        jsonb NOT NULL,
        received_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sale_key, submitted_hash)
      );
      CREATE INDEX IF NOT EXISTS store_sale_conflicts_store ON store_sale_conflicts (store_id, received_at);
    `,
  },
];
