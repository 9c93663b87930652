import { jsonValue, type InstanceTables } from '@omnigate/workflow';
import type { PickupOrder } from './pickup-order';

/**
 * Pickup orders keep the tables they had before the engine (`pickup_orders`, `pickup_order_events`),
 * described here for the engine's store: moving live orders into the shared tables would be a data
 * migration with nothing to gain, and operators' queries and the tests read these tables.
 */
export const PICKUP_ORDER_TABLES: InstanceTables<PickupOrder> = {
  instances: 'pickup_orders',
  events: 'pickup_order_events',
  idColumn: 'order_id',
  facts: {
    columns: {
      reservationId: 'reservation_id',
      redemptionId: 'redemption_id',
      omsOrderId: 'oms_order_id',
      pickListId: 'pick_list_id',
      accruedPoints: 'accrued_points',
    },
  },
  keys: { columns: { storeId: 'store_id', memberId: 'member_id', clientAppId: 'client_app_id' } },
  toRow: (order) => ({
    order_id: order.orderId,
    state: order.state,
    store_id: order.storeId,
    member_id: order.memberId,
    client_app_id: order.clientAppId,
    lines: order.lines,
    currency: order.currency,
    subtotal_minor: order.subtotalMinor,
    points_redeemed: order.pointsRedeemed,
    total_minor: order.totalMinor,
    pickup_expires_at: order.pickupExpiresAt,
    access_token_sha256: order.accessTokenSha256,
  }),
  fromRow: (row) => ({
    orderId: row.order_id as string,
    state: row.state as PickupOrder['state'],
    storeId: row.store_id as string,
    memberId: row.member_id as string | null,
    clientAppId: row.client_app_id as string,
    lines: jsonValue(row.lines),
    currency: row.currency as string,
    subtotalMinor: row.subtotal_minor as number,
    pointsRedeemed: row.points_redeemed as number,
    totalMinor: row.total_minor as number,
    reservationId: row.reservation_id as string | null,
    redemptionId: row.redemption_id as string | null,
    omsOrderId: row.oms_order_id as string | null,
    pickListId: row.pick_list_id as string | null,
    accruedPoints: row.accrued_points as number | null,
    accessTokenSha256: row.access_token_sha256 as string | null,
    pickupExpiresAt: new Date(row.pickup_expires_at as string).toISOString(),
    createdAt: new Date(row.created_at as string).toISOString(),
    version: row.version as number,
  }),
};
