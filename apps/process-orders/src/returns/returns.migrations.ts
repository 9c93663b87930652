import type { Migration } from '@omnigate/persistence';

/**
 * The returned quantity of every line of every receipt returns were taken against: the lock that
 * keeps two returns (two registers, or one sent twice) from refunding one unit twice. The instances
 * themselves live in the shared workflow tables.
 */
export const returnMigrations: Migration[] = [
  {
    id: '2026-11-30-return-receipt-lines',
    sql: `
      CREATE TABLE IF NOT EXISTS return_receipt_lines (
        receipt_key       text NOT NULL,
        line_number       integer NOT NULL,
        sold_quantity     integer NOT NULL CHECK (sold_quantity > 0),
        returned_quantity integer NOT NULL DEFAULT 0 CHECK (returned_quantity >= 0 AND returned_quantity <= sold_quantity),
        PRIMARY KEY (receipt_key, line_number)
      );
    `,
  },
];
