import { Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@omnigate/persistence';
import { assertTransition } from '@omnigate/workflow';
import type { PickupOrder, PickupOrderEvent } from './pickup-order';
import type { PickupOrderOwner } from './pickup-order-access';
import { PICKUP_ORDER_PROCESS, type PickupOrderState } from './pickup-order.process';
import { PickupOrderNotFound } from './pickup-orders.errors';

interface OrderRow {
  order_id: string;
  state: PickupOrderState;
  store_id: string;
  member_id: string | null;
  client_app_id: string;
  lines: PickupOrder['lines'] | string;
  currency: string;
  subtotal_minor: number;
  points_redeemed: number;
  total_minor: number;
  reservation_id: string | null;
  redemption_id: string | null;
  oms_order_id: string | null;
  pick_list_id: string | null;
  accrued_points: number | null;
  pickup_expires_at: Date | string;
  created_at: Date | string;
  version: number;
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

function toOrder(row: OrderRow): PickupOrder {
  return {
    orderId: row.order_id,
    state: row.state,
    storeId: row.store_id,
    memberId: row.member_id,
    clientAppId: row.client_app_id,
    lines: json(row.lines),
    currency: row.currency,
    subtotalMinor: row.subtotal_minor,
    pointsRedeemed: row.points_redeemed,
    totalMinor: row.total_minor,
    reservationId: row.reservation_id,
    redemptionId: row.redemption_id,
    omsOrderId: row.oms_order_id,
    pickListId: row.pick_list_id,
    accruedPoints: row.accrued_points,
    pickupExpiresAt: new Date(row.pickup_expires_at).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
    version: row.version,
  };
}

/** Backend ids and figures a step adds to an order. */
export type PickupOrderFacts = Partial<Pick<PickupOrder, 'reservationId' | 'redemptionId' | 'omsOrderId' | 'pickListId' | 'accruedPoints'>>;

const FACT_COLUMNS: Record<keyof PickupOrderFacts, string> = {
  reservationId: 'reservation_id',
  redemptionId: 'redemption_id',
  omsOrderId: 'oms_order_id',
  pickListId: 'pick_list_id',
  accruedPoints: 'accrued_points',
};

/** The only SQL on pickup_orders and pickup_order_events. */
@Injectable()
export class PickupOrdersRepository {
  constructor(private readonly db: Database) {}

  /** Records a new order; a guest order with the digest of its access token (never the token). */
  async insert(tx: SqlExecutor, order: PickupOrder, accessTokenSha256: string | null): Promise<void> {
    await tx.query(
      `INSERT INTO pickup_orders (order_id, state, store_id, member_id, client_app_id, lines, currency, subtotal_minor,
         points_redeemed, total_minor, pickup_expires_at, access_token_sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [order.orderId, order.state, order.storeId, order.memberId, order.clientAppId, JSON.stringify(order.lines), order.currency,
        order.subtotalMinor, order.pointsRedeemed, order.totalMinor, order.pickupExpiresAt, accessTokenSha256],
    );
  }

  /** Who the order belongs to, or undefined when there is no such order. */
  async ownerOf(orderId: string): Promise<PickupOrderOwner | undefined> {
    const [row] = await this.db.query<{ client_app_id: string; store_id: string; member_id: string | null; access_token_sha256: string | null }>(
      'SELECT client_app_id, store_id, member_id, access_token_sha256 FROM pickup_orders WHERE order_id = $1',
      [orderId],
    );
    return row && { clientAppId: row.client_app_id, storeId: row.store_id, memberId: row.member_id, accessTokenSha256: row.access_token_sha256 };
  }

  /** Forgets an order whose placement was refused: nothing of it is kept. */
  async delete(tx: SqlExecutor, orderId: string): Promise<void> {
    await tx.query('DELETE FROM pickup_orders WHERE order_id = $1', [orderId]);
  }

  async get(orderId: string, tx: SqlExecutor = this.db): Promise<PickupOrder> {
    const [row] = await tx.query<OrderRow>('SELECT * FROM pickup_orders WHERE order_id = $1', [orderId]);
    if (!row) throw new PickupOrderNotFound();
    return toOrder(row);
  }

  /** The order, locked until the transaction ends, so two moves on one order take turns. */
  async lock(tx: SqlExecutor, orderId: string): Promise<PickupOrder> {
    const [row] = await tx.query<OrderRow>('SELECT * FROM pickup_orders WHERE order_id = $1 FOR UPDATE', [orderId]);
    if (!row) throw new PickupOrderNotFound();
    return toOrder(row);
  }

  /** Moves a locked order to `to` if the process allows it, recording the facts the step learned. */
  async move(tx: SqlExecutor, order: PickupOrder, to: PickupOrderState, facts: PickupOrderFacts = {}): Promise<PickupOrder> {
    assertTransition('pickup-order', PICKUP_ORDER_PROCESS, order.state, to);
    await this.setFacts(tx, order.orderId, facts, to);
    return { ...order, ...facts, state: to, version: order.version + 1 };
  }

  /** Records what a step learned (backend ids) without changing the state. */
  async setFacts(tx: SqlExecutor, orderId: string, facts: PickupOrderFacts, state?: PickupOrderState): Promise<void> {
    const entries = Object.entries(facts).filter(([, v]) => v !== undefined) as [keyof PickupOrderFacts, unknown][];
    const sets = entries.map(([key], i) => `${FACT_COLUMNS[key]} = $${i + 2}`);
    const params: unknown[] = [orderId, ...entries.map(([, v]) => v)];
    if (state) {
      sets.push(`state = $${params.length + 1}`);
      params.push(state);
    }
    await tx.query(`UPDATE pickup_orders SET ${[...sets, 'updated_at = now()', 'version = version + 1'].join(', ')} WHERE order_id = $1`, params);
  }

  async addEvent(tx: SqlExecutor, orderId: string, step: string, outcome: PickupOrderEvent['outcome'], detail: Record<string, unknown> = {}) {
    await tx.query(
      `INSERT INTO pickup_order_events (order_id, seq, step, outcome, detail)
       VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM pickup_order_events WHERE order_id = $1), $2, $3, $4)`,
      [orderId, step, outcome, JSON.stringify(detail)],
    );
  }

  async timeline(orderId: string): Promise<PickupOrderEvent[]> {
    const rows = await this.db.query<{ step: string; at: Date | string; outcome: PickupOrderEvent['outcome']; detail: Record<string, unknown> | string }>(
      'SELECT step, at, outcome, detail FROM pickup_order_events WHERE order_id = $1 ORDER BY seq',
      [orderId],
    );
    return rows.map((r) => ({ step: r.step, at: new Date(r.at).toISOString(), outcome: r.outcome, detail: json(r.detail) }));
  }

  /** Points a member has on hold for pickup orders not yet collected. */
  async pointsHoldsOf(memberId: string): Promise<{ holdId: string; orderId: string; points: number; createdAt: string }[]> {
    const rows = await this.db.query<{ redemption_id: string; order_id: string; points_redeemed: number; created_at: Date | string }>(
      `SELECT redemption_id, order_id, points_redeemed, created_at FROM pickup_orders
       WHERE member_id = $1 AND redemption_id IS NOT NULL AND state IN ('RESERVED', 'READY_FOR_PICKUP')
       ORDER BY created_at`,
      [memberId],
    );
    return rows.map((r) => ({ holdId: r.redemption_id, orderId: r.order_id, points: r.points_redeemed, createdAt: new Date(r.created_at).toISOString() }));
  }
}
