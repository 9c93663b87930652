import { IdempotentResources } from '@omnigate/idempotency';
import { FakeLoyaltyApi, FakeOmsApi, FakePosApi } from '@omnigate/system-clients/testing';
import { jobContext } from '@omnigate/workflow';
import { PointsHolds } from '../points-holds/points-holds';
import {
  openProcessOrdersFixture,
  processOrdersConfig,
  type ProcessOrdersFixture,
} from '../process-orders.fixture';
import type { ProcessOrdersConfig } from '../process-orders.config';
import { CancelPickupOrder } from './cancel-pickup-order.usecase';
import { CollectPickupOrder } from './collect-pickup-order.usecase';
import { CompleteCollection } from './complete-collection.usecase';
import { CreatePickupOrderInOms } from './create-pickup-order-in-oms.usecase';
import { ExpirePickupOrder } from './expire-pickup-order.usecase';
import { ListPointsHolds } from './list-points-holds.usecase';
import { MarkPickupOrderReady } from './mark-pickup-order-ready.usecase';
import type { PickupOrder } from './pickup-order';
import { PickupHolds } from './pickup-holds';
import { PICKUP_ORDER_TABLES } from './pickup-order.tables';
import { PickupOrderViews } from './pickup-order.view';
import { PICKUP_ORDER_WORKFLOW, type PickupOrders } from './pickup-order.workflow';
import { PickupOrderNotFound } from './pickup-orders.errors';
import { PlacementAdmission } from './placement-admission';
import { PlacePickupOrder } from './place-pickup-order.usecase';
import { RecoverInterruptedPlacement } from './recover-interrupted-placement.usecase';
import { ReleasePickupHolds } from './release-pickup-holds.usecase';
import { SendPickList } from './send-pick-list.usecase';

export const STORE = 'ST-1';
export const MEMBER = '6042685219730';

/**
 * Pickup orders for unit specs: the workflow registered on an in-memory engine, every use case
 * built on it, and the OMS, loyalty platform and POS back office as in-memory fakes. Store ST-1
 * prices SKU-A at 1,000 and SKU-B at 250 (EUR); member 6042685219730 has 500 points.
 */
export interface PickupOrdersFixture extends ProcessOrdersFixture {
  orders: PickupOrders;
  oms: FakeOmsApi;
  loyalty: FakeLoyaltyApi;
  pos: FakePosApi;
  place: PlacePickupOrder;
  markReady: MarkPickupOrderReady;
  collect: CollectPickupOrder;
  cancel: CancelPickupOrder;
  expire: ExpirePickupOrder;
  createInOms: CreatePickupOrderInOms;
  sendPickList: SendPickList;
  releaseHolds: ReleasePickupHolds;
  completeCollection: CompleteCollection;
  recoverPlacement: RecoverInterruptedPlacement;
  listPointsHolds: ListPointsHolds;
  /** An order written straight into `state` with `facts`, as earlier steps would have left it. */
  seed(orderId: string, state: PickupOrder['state'], facts?: Partial<PickupOrder>): Promise<PickupOrder>;
  /** The steps of an order's timeline, in order. */
  stepsOf(orderId: string): Promise<string[]>;
  /** The kinds and statuses of an order's ERP postings. */
  postingsOf(orderId: string): Promise<{ kind: string; status: string }[]>;
  /** How many jobs of `job` are queued for the order. */
  jobsOf(orderId: string, job: keyof typeof PICKUP_ORDER_WORKFLOW.jobs): Promise<number>;
}

export async function openPickupOrdersFixture(
  overrides: Partial<ProcessOrdersConfig> = {},
): Promise<PickupOrdersFixture> {
  const config = processOrdersConfig(overrides);
  const base = await openProcessOrdersFixture([PICKUP_ORDER_WORKFLOW], config);
  const { db, engine, clock, ledger } = base;
  const orders = engine.register(PICKUP_ORDER_WORKFLOW, PICKUP_ORDER_TABLES, {
    timeoutsS: { pickupWindow: config.PICKUP_WINDOW_S, placementRecovery: config.PLACEMENT_RECOVERY_S },
    notFound: () => new PickupOrderNotFound(),
    idOf: (order) => order.orderId,
  });
  const oms = new FakeOmsApi();
  const loyalty = new FakeLoyaltyApi().member(MEMBER, 500);
  const pos = new FakePosApi().price(STORE, 'SKU-A', 1_000).price(STORE, 'SKU-B', 250);
  const pointsHolds = new PointsHolds(loyalty.asApi());
  const holds = new PickupHolds(oms.asApi(), pointsHolds);
  const views = new PickupOrderViews(orders, ledger, new IdempotentResources());

  async function seed(
    orderId: string,
    state: PickupOrder['state'],
    facts: Partial<PickupOrder> = {},
  ): Promise<PickupOrder> {
    const now = clock.now();
    const order: PickupOrder = {
      orderId,
      state: 'PLACED',
      storeId: STORE,
      memberId: MEMBER,
      clientAppId: 'web-shop',
      lines: [{ sku: 'SKU-A', quantity: 2, unitPriceMinor: 1_000 }],
      currency: 'EUR',
      subtotalMinor: 2_000,
      pointsRedeemed: 0,
      totalMinor: 2_000,
      reservationId: null,
      redemptionId: null,
      omsOrderId: null,
      pickListId: null,
      accruedPoints: null,
      accessTokenSha256: null,
      pickupExpiresAt: new Date(now.getTime() + config.PICKUP_WINDOW_S * 1000).toISOString(),
      createdAt: now.toISOString(),
      version: 1,
      ...facts,
    };
    const { reservationId, redemptionId, omsOrderId, pickListId, accruedPoints } = order;
    await db.transaction(async (tx) => {
      await orders.store.insert(tx, order);
      await orders.store.update(
        tx,
        orderId,
        { reservationId, redemptionId, omsOrderId, pickListId, accruedPoints },
        state,
      );
    });
    return orders.get(orderId);
  }

  return {
    ...base,
    orders,
    oms,
    loyalty,
    pos,
    place: new PlacePickupOrder(
      db,
      orders,
      views,
      clock,
      pos.asApi(),
      loyalty.asApi(),
      oms.asApi(),
      pointsHolds,
      config,
      new PlacementAdmission(config, clock),
    ),
    markReady: new MarkPickupOrderReady(db, orders, views),
    collect: new CollectPickupOrder(db, orders, views),
    cancel: new CancelPickupOrder(db, orders, views),
    expire: new ExpirePickupOrder(db, orders),
    createInOms: new CreatePickupOrderInOms(db, orders, oms.asApi()),
    sendPickList: new SendPickList(db, orders, oms.asApi()),
    releaseHolds: new ReleasePickupHolds(db, orders, holds, oms.asApi()),
    completeCollection: new CompleteCollection(db, orders, oms.asApi(), loyalty.asApi(), config),
    recoverPlacement: new RecoverInterruptedPlacement(db, orders, oms.asApi(), pointsHolds, holds, clock),
    listPointsHolds: new ListPointsHolds(orders),
    seed,
    stepsOf: async (orderId) => (await orders.timeline(orderId)).map((e) => e.step),
    postingsOf: async (orderId) =>
      (await ledger.listBySource('pickup-order', orderId)).map(({ kind, status }) => ({ kind, status })),
    jobsOf: (orderId, job) => base.queued(PICKUP_ORDER_WORKFLOW.jobs[job].queue, { orderId }),
  };
}

/** The job runner's context for pickup order jobs. */
export const pickupJobCtx = () => jobContext('corr-job', 'web-shop');
