import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { PlacedPickupOrderView, PlacePickupOrderDto } from '@omnigate/contracts';
import { rootLogger, runPastDeadline } from '@omnigate/observability';
import { Database } from '@omnigate/persistence';
import { LoyaltyApi, OmsApi, PosApi, SystemRefusal } from '@omnigate/system-clients';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock, jobContext, refuseUnlessCallerWaits, type RequestContext } from '@omnigate/workflow';
import { PointsHolds } from '../points-holds/points-holds';
import { ProcessOrdersConfig } from '../process-orders.config';
import type { PickupOrder, PickupOrderLine } from './pickup-order';
import { pickupHoldReference } from './pickup-holds';
import { issueOrderAccessToken } from './pickup-order-access';
import { PlacementAdmission } from './placement-admission';
import { PickupOrderViews } from './pickup-order.view';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';
import { PointsExceedOrderValue, PointsNeedMember, UnknownSkus } from './pickup-orders.errors';

/** A placement's answer: the order, and whether placement finished (201) or goes on after the caller's deadline (202). */
export interface Placement {
  order: PlacedPickupOrderView;
  finished: boolean;
}

/** Whether the caller was already answered 202 while the placement went on. */
interface Answered {
  early: boolean;
}

/**
 * Places a pickup order: prices the lines at the store, reserves the stock in the OMS, holds the
 * redeemed points (a loyalty redemption), then records the order as RESERVED and schedules the
 * rest (OMS order, pick list, ERP demand posting, expiry) in the same transaction.
 *
 * The order is written as PLACED before any backend is called, with a recovery job due later: if
 * this process dies between the backend calls and the RESERVED commit, the job compensates. The
 * request's Idempotency-Key is bound to the order in that first transaction, so a retry finds
 * this order, whatever became of the first attempt, instead of placing a second one.
 *
 * A guest order (no member) is answered with its access token, the only time the token is seen;
 * the order keeps its digest, the key's binding the token itself (as a recorded answer would).
 *
 * Deadlines: a placement is admitted only while the replica can finish it (a bounded number in
 * flight, a short queue, else 503), and nothing is held for a caller with too little time left.
 * When the backends are slower than the caller can wait, the caller is answered 202 with the order
 * as it stands (PLACED) just before its deadline, and placement goes on: the order is never
 * reported as failed while it is being placed.
 */
@Injectable()
export class PlacePickupOrder {
  constructor(
    private readonly db: Database,
    @Inject(PICKUP_ORDERS) private readonly orders: PickupOrders,
    private readonly views: PickupOrderViews,
    private readonly clock: Clock,
    private readonly pos: PosApi,
    private readonly loyalty: LoyaltyApi,
    private readonly oms: OmsApi,
    private readonly pointsHolds: PointsHolds,
    @Inject(ProcessOrdersConfig) private readonly config: ProcessOrdersConfig,
    private readonly admission: PlacementAdmission,
  ) {}

  /** Admitted placements only: the run is given back when placement ends, which may be after a 202. */
  async execute(ctx: RequestContext, command: PlacePickupOrderDto): Promise<Placement> {
    const release = await this.admission.gate.enter(ctx.deadlineAt);
    try {
      return await this.place(ctx, command, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  private async place(
    ctx: RequestContext,
    command: PlacePickupOrderDto,
    release: () => void,
  ): Promise<Placement> {
    this.refuseWithoutTime(ctx);
    const access = command.memberId ? undefined : issueOrderAccessToken();
    const order = await this.priceOrder(ctx, command, access?.sha256 ?? null);
    this.refuseWithoutTime(ctx);
    // From this commit on, a retry under the same key answers this order and never places another.
    await this.db.transaction(async (tx) => {
      await this.orders.create(tx, ctx, order, {
        detail: { channel: ctx.caller.channel, lines: order.lines.length },
        receipt: access && { accessToken: access.token },
      });
      // A database slow to get here (a busy replica) must not commit an order whose caller can no
      // longer be answered: it would be told "failed" while the order exists. It rolls back instead.
      refuseUnlessCallerWaits(
        ctx,
        this.clock.now().getTime(),
        this.config.PLACEMENT_ANSWER_MARGIN_MS,
        'pickup order placements',
      );
    });
    const answered: Answered = { early: false };
    // The backends get their own timeouts, not the caller's: past the caller's deadline it is answered 202 and placement goes on.
    const placing = runPastDeadline(() => this.holdStockAndPoints(ctx, order, answered));
    placing.then(release, release);
    const answerBy =
      ctx.deadlineAt === undefined ? undefined : ctx.deadlineAt - this.config.PLACEMENT_ANSWER_MARGIN_MS;
    const reserved = await (answerBy === undefined
      ? placing
      : Promise.race([placing, sleep(Math.max(0, answerBy - this.clock.now().getTime()), undefined)]));
    if (reserved)
      return {
        order: { ...(await this.views.of(reserved)), ...(access && { accessToken: access.token }) },
        finished: true,
      };

    answered.early = true;
    // A refusal that came in the same instant removed the order: the caller gets that refusal, not a 202.
    const current = await this.orders.store.find(order.orderId);
    if (!current)
      return placing.then(() => {
        throw new Error(`order ${order.orderId} vanished while being placed`);
      });
    placing.catch((error) =>
      rootLogger().warn({ orderId: order.orderId, err: error }, 'placement answered 202 did not finish'),
    );
    return {
      order: { ...(await this.views.of(current)), ...(access && { accessToken: access.token }) },
      finished: false,
    };
  }

  /** Nothing is started for a caller who would be gone before the backends could answer. */
  private refuseWithoutTime(ctx: RequestContext): void {
    refuseUnlessCallerWaits(
      ctx,
      this.clock.now().getTime(),
      this.config.PLACEMENT_MIN_BUDGET_MS,
      'pickup order placements',
    );
  }

  /** Reserves the stock, holds the points, and records the order RESERVED; a failure compensates (see {@link abandonPlacement}). */
  private async holdStockAndPoints(
    ctx: RequestContext,
    order: PickupOrder,
    answered: Answered,
  ): Promise<PickupOrder> {
    let reservationId: string | undefined;
    let redemptionId: string | undefined;
    try {
      reservationId = (await this.reservePickupStock(order)).reservationId;
      if (order.pointsRedeemed > 0) {
        redemptionId = (
          await this.pointsHolds.hold(
            order.memberId!,
            pickupHoldReference(order.orderId),
            order.pointsRedeemed,
          )
        ).redemptionId;
      }
    } catch (failure) {
      await this.abandonPlacement(ctx, order, reservationId, failure, answered);
      throw failure;
    }

    // The key was bound to the order when it was created; binding it again would drop a guest order's receipt.
    const continuing: RequestContext = { ...ctx, idempotencyClaim: undefined };
    const reserved = await this.db.transaction(async (tx) => {
      const placed = await this.orders.lock(tx, order.orderId);
      const moved = await this.orders.move(tx, continuing, placed, 'reserve', {
        facts: { reservationId, redemptionId },
        detail: { reservationId, expiresAt: order.pickupExpiresAt },
      });
      if (redemptionId)
        await this.orders.record(tx, order.orderId, 'points-held', 'done', {
          redemptionId,
          points: order.pointsRedeemed,
        });
      return moved;
    });
    return reserved;
  }

  private async priceOrder(
    ctx: RequestContext,
    command: PlacePickupOrderDto,
    accessTokenSha256: string | null,
  ): Promise<PickupOrder> {
    const redeemPoints = command.redeemPoints ?? 0;
    if (redeemPoints > 0 && !command.memberId) throw new PointsNeedMember();
    const quantities = new Map<string, number>();
    for (const line of command.lines)
      quantities.set(line.sku, (quantities.get(line.sku) ?? 0) + line.quantity);
    const skus = [...quantities.keys()];
    const [{ value: priced }] = await Promise.all([
      this.pos.storePrices(command.storeId, skus),
      // An unknown or suspended member is refused here, before anything is held.
      command.memberId ? this.loyalty.account(command.memberId) : undefined,
    ]);
    const unitPrice = new Map(priced.prices.map((p) => [p.sku, p.price]));
    const unknown = skus.filter((sku) => !unitPrice.has(sku));
    if (unknown.length > 0) throw new UnknownSkus(unknown);

    const lines: PickupOrderLine[] = skus.map((sku) => ({
      sku,
      quantity: quantities.get(sku)!,
      unitPriceMinor: unitPrice.get(sku)!.amountMinor,
    }));
    const subtotalMinor = lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0);
    const maxPoints = Math.floor(subtotalMinor / this.config.POINT_VALUE_MINOR);
    if (redeemPoints > maxPoints) throw new PointsExceedOrderValue(maxPoints);
    const now = this.clock.now();
    return {
      orderId: `po_${randomBytes(12).toString('base64url')}`,
      state: 'PLACED',
      storeId: command.storeId,
      memberId: command.memberId ?? null,
      clientAppId: ctx.caller.clientAppId,
      lines,
      currency: unitPrice.get(skus[0])!.currency,
      subtotalMinor,
      pointsRedeemed: redeemPoints,
      totalMinor: subtotalMinor - redeemPoints * this.config.POINT_VALUE_MINOR,
      reservationId: null,
      redemptionId: null,
      omsOrderId: null,
      pickListId: null,
      accruedPoints: null,
      accessTokenSha256,
      pickupExpiresAt: new Date(now.getTime() + this.config.PICKUP_WINDOW_S * 1000).toISOString(),
      createdAt: now.toISOString(),
      version: 1,
    };
  }

  private reservePickupStock(order: PickupOrder) {
    return this.oms.reserve({
      reservationRef: order.orderId,
      storeId: order.storeId,
      // The OMS lets the reservation lapse a little after our own expiry job has released it.
      expiresAt: new Date(Date.parse(order.pickupExpiresAt) + 3_600_000).toISOString(),
      lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    });
  }

  /**
   * A refused placement holds nothing and leaves no order behind, nor a key bound to one (should
   * its answer be lost, a retry runs afresh). After a transport failure the failed step may have
   * happened anyway (a timeout after the backend acted), so the order stays PLACED, the recovery
   * job compensates with the same references, and a retry under the same key is answered with
   * that order. A refusal after the caller was answered 202 ends the order CANCELLED instead, so
   * the order the caller was told about still answers, with the reason in its timeline.
   */
  private async abandonPlacement(
    ctx: RequestContext,
    order: PickupOrder,
    reservationId: string | undefined,
    failure: unknown,
    answered: Answered,
  ): Promise<void> {
    if (!(failure instanceof SystemRefusal)) {
      rootLogger().warn(
        { orderId: order.orderId, err: failure },
        'placement interrupted; the recovery job will compensate',
      );
      return;
    }
    if (reservationId) {
      try {
        await this.oms.releaseReservation(reservationId);
      } catch (error) {
        // The recovery job will try again; the order row must stay so that it can.
        rootLogger().warn(
          { orderId: order.orderId, err: error },
          'releasing the reservation of a refused placement failed',
        );
        return;
      }
    }
    await this.db.transaction(async (tx) => {
      if (answered.early) {
        const placed = await this.orders.lock(tx, order.orderId);
        await this.orders.move(tx, jobContext(ctx.correlationId, ctx.caller.clientAppId), placed, 'abandon', {
          detail: { refusal: failure.type },
        });
        return;
      }
      await this.orders.store.delete(tx, order.orderId);
      await ctx.idempotencyClaim?.unbind(tx);
    });
  }
}
