import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthorizeTillRedemptionDto, TillRedemptionView } from '@omnigate/contracts';
import { rootLogger } from '@omnigate/observability';
import { Database } from '@omnigate/persistence';
import { PosApi, SystemRefusal } from '@omnigate/system-clients';
import { Clock, refuseUnlessCallerWaits, type RequestContext } from '@omnigate/workflow';
import { PointsHolds } from '../points-holds/points-holds';
import { ProcessOrdersConfig } from '../process-orders.config';
import { holdReferenceOf, type TillRedemption } from './till-redemption';
import { TillRedemptionViews } from './till-redemption.view';
import { TILL_REDEMPTIONS, type TillRedemptions } from './till-redemption.workflow';
import { UnknownRegister } from './till-redemptions.errors';

/**
 * Authorizes a till redemption: holds the member's points at the loyalty platform, then records the
 * hold as AUTHORIZED with its expiry in the same transaction.
 *
 * The redemption is written as AUTHORIZING before the platform is called, with a recovery job due
 * later, and the request's Idempotency-Key is bound to it there: a process dying between the hold
 * and the AUTHORIZED commit leaves a hold the recovery job finds again (same reference) and gives
 * back, and a retry under the key answers this redemption instead of holding points twice.
 */
@Injectable()
export class AuthorizeTillRedemption {
  constructor(
    private readonly db: Database,
    @Inject(TILL_REDEMPTIONS) private readonly redemptions: TillRedemptions,
    private readonly views: TillRedemptionViews,
    private readonly pointsHolds: PointsHolds,
    private readonly pos: PosApi,
    private readonly clock: Clock,
    @Inject(ProcessOrdersConfig) private readonly config: ProcessOrdersConfig,
  ) {}

  async execute(ctx: RequestContext, command: AuthorizeTillRedemptionDto): Promise<TillRedemptionView> {
    this.refuseWithoutTime(ctx);
    // An unknown store is refused by system-pos here, before anything is held.
    const { value: store } = await this.pos.store(command.storeId);
    if (command.registerId !== undefined && !store.registers.includes(command.registerId))
      throw new UnknownRegister(command.registerId);

    this.refuseWithoutTime(ctx);
    const redemption = this.newRedemption(command);
    await this.db.transaction((tx) =>
      this.redemptions.create(tx, ctx, redemption, {
        detail: { storeId: command.storeId, registerId: command.registerId, points: command.points },
      }),
    );

    let loyaltyRedemptionId: string;
    try {
      ({ redemptionId: loyaltyRedemptionId } = await this.pointsHolds.hold(
        command.memberId,
        holdReferenceOf(redemption.id),
        command.points,
      ));
    } catch (failure) {
      await this.abandonAuthorization(ctx, redemption, failure);
      throw failure;
    }

    const expiresAt = new Date(
      this.clock.now().getTime() + this.config.TILL_REDEMPTION_HOLD_S * 1000,
    ).toISOString();
    // The key was bound to the redemption when it was created.
    const continuing: RequestContext = { ...ctx, idempotencyClaim: undefined };
    const authorized = await this.db.transaction(async (tx) => {
      const authorizing = await this.redemptions.lock(tx, redemption.id);
      return this.redemptions.move(tx, continuing, authorizing, 'authorize', {
        facts: { loyaltyRedemptionId, expiresAt },
        detail: { loyaltyRedemptionId, points: command.points, expiresAt },
      });
    });
    return this.views.of(authorized);
  }

  /** No points are held for a till that would be gone before the loyalty platform answered. */
  private refuseWithoutTime(ctx: RequestContext): void {
    refuseUnlessCallerWaits(
      ctx,
      this.clock.now().getTime(),
      this.config.WRITE_MIN_BUDGET_MS,
      'till redemptions',
    );
  }

  private newRedemption(command: AuthorizeTillRedemptionDto): TillRedemption {
    const { storeId, registerId, memberId, reference, saleKey, points } = command;
    return {
      id: `rdm_${randomBytes(12).toString('base64url')}`,
      state: 'AUTHORIZING',
      keys: {
        storeId,
        memberId,
        ...(registerId !== undefined && { registerId }),
        ...(reference !== undefined && { reference }),
        ...(saleKey !== undefined && { saleKey }),
      },
      facts: {
        points,
        valueMinor: points * this.config.POINT_VALUE_MINOR,
        currency: this.config.LOYALTY_POINTS_CURRENCY,
      },
      createdAt: this.clock.now().toISOString(),
      version: 1,
    };
  }

  /**
   * A refused hold (insufficient points, unknown member) took nothing: no redemption stays behind,
   * nor a key bound to one. After a transport failure the hold may have been taken anyway, so the
   * redemption stays AUTHORIZING for the recovery job, and a retry of the key answers it.
   */
  private async abandonAuthorization(
    ctx: RequestContext,
    redemption: TillRedemption,
    failure: unknown,
  ): Promise<void> {
    if (!(failure instanceof SystemRefusal)) {
      rootLogger().warn(
        { redemptionId: redemption.id, err: failure },
        'points hold interrupted; the recovery job will compensate',
      );
      return;
    }
    await this.db.transaction(async (tx) => {
      await this.redemptions.store.delete(tx, redemption.id);
      await ctx.idempotencyClaim?.unbind(tx);
    });
  }
}
