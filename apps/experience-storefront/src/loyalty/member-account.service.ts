import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Cached, CacheKeyspace, oldestOf } from '@omnigate/cache';
import { LoyaltyApi } from '@omnigate/system-clients';
import { EdgeCache } from '@omnigate/edge';
import { PointsHoldsApi } from '@omnigate/process-clients';
import type { MemberAccountResponse } from './loyalty.dto';

/** The edge's loyalty accounts and, apart, the points pickup orders hold: one key per member. */
const EDGE_MEMBER_KEYS = new CacheKeyspace('edge-member', ['memberId']);
const EDGE_HOLDS_KEYS = new CacheKeyspace('edge-holds', ['memberId']);

/** A member's loyalty account from system-loyalty, with the points pickup orders hold from process-orders. */
@Injectable()
export class MemberAccountService {
  private readonly logger = new Logger(MemberAccountService.name);

  constructor(
    private readonly loyalty: LoyaltyApi,
    private readonly pointsHolds: PointsHoldsApi,
    @Inject(EdgeCache) private readonly edge: EdgeCache,
  ) {}

  /** The account with its latest `activity` movements; without holds (holdsAvailable false) when they cannot be read. */
  async readAccount(memberId: string, activity: number): Promise<Cached<MemberAccountResponse>> {
    const [account, holds] = await Promise.all([
      this.edge.read(EDGE_MEMBER_KEYS.key({ memberId }), this.edge.hot, () => this.loyalty.account(memberId)),
      this.edge
        .read(EDGE_HOLDS_KEYS.key({ memberId }), this.edge.hot, () => this.pointsHolds.holdsOf(memberId))
        .catch((error: unknown) => {
          // Holds only refine the balance; a member must still see their account while orders are down.
          this.logger.warn(`points holds unavailable: ${(error as Error).message}`);
          return undefined;
        }),
    ]);
    const held = holds?.value.holds ?? [];
    const { tier, status, availablePoints, pendingPoints, recentActivity } = account.value;
    return {
      ...oldestOf(holds ? [account, holds] : [account]),
      value: {
        memberId,
        tier,
        status,
        balance: { availablePoints, pendingPoints, heldPoints: held.reduce((sum, h) => sum + h.points, 0) },
        holdsAvailable: holds !== undefined,
        holds: held.map(({ holdId, orderId, points, createdAt }) => ({ holdId, orderId, points, createdAt })),
        recentActivity: recentActivity.slice(0, activity),
      },
    };
  }
}
