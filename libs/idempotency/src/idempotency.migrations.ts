import type { Migration } from '@omnigate/persistence';

/** Tables of the idempotency store; apps that take `Idempotency-Key` include these in their migrations. */
export const idempotencyMigrations: readonly Migration[] = [
  {
    id: '2025-01-01-idempotency-keys',
    sql: `
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_fingerprint text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_flight', 'completed')),
        response_status int,
        response_headers jsonb,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);
    `,
  },
  {
    // A claim's holder fences out a request whose key was taken over; the resource is what the
    // request committed, bound in the same transaction, for a retry to answer with.
    id: '2026-11-24-idempotency-key-outcomes',
    sql: `
      ALTER TABLE idempotency_keys
        ADD COLUMN holder text,
        ADD COLUMN resource_type text,
        ADD COLUMN resource_id text,
        ADD COLUMN resource_receipt jsonb,
        ADD CONSTRAINT idempotency_keys_resource_whole CHECK ((resource_type IS NULL) = (resource_id IS NULL));
    `,
  },
];
