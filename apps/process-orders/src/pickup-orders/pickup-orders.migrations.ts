import type { Migration } from '@omnigate/persistence';

/** Tables of the pickup order workflow. */
export const pickupOrderMigrations: Migration[] = [
  {
    id: '2026-11-23-pickup-orders',
    sql: `
      CREATE TABLE IF NOT EXISTS pickup_orders (
        order_id          text PRIMARY KEY,
        state             text NOT NULL,
        store_id          text NOT NULL,
        member_id         text,
        client_app_id     text NOT NULL,
        lines             jsonb NOT NULL,
        currency          text NOT NULL,
        subtotal_minor    integer NOT NULL,
        points_redeemed   integer NOT NULL DEFAULT 0,
        total_minor       integer NOT NULL,
        reservation_id    text,
        redemption_id     text,
        oms_order_id      text,
        pick_list_id      text,
        accrued_points    integer,
        pickup_expires_at timestamptz NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        version           integer NOT NULL DEFAULT 1
      );
      CREATE INDEX IF NOT EXISTS pickup_orders_state ON pickup_orders (state);
      CREATE TABLE IF NOT EXISTS pickup_order_events (
        order_id text NOT NULL REFERENCES pickup_orders (order_id) ON DELETE CASCADE,
        seq      integer NOT NULL,
        step     text NOT NULL,
        at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        outcome  text NOT NULL,
        detail   jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (order_id, seq)
      );
    `,
  },
  {
    // Guest orders carry a capability: only its digest is kept. Guest orders placed before this have
    // none, and stay out of the channels' reach (they answer 404), as no token was ever handed out.
    id: '2026-11-24-pickup-order-access-token',
    sql: `ALTER TABLE pickup_orders ADD COLUMN IF NOT EXISTS access_token_sha256 text;`,
  },
];
