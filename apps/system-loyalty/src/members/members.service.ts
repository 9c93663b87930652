import { Inject, Injectable } from '@nestjs/common';
import { CacheKeyspace, ReadThroughCache, type Cached, type CachePolicy } from '@omnigate/cache';
import type { LoyaltyAccount } from '@omnigate/contracts';
import { LoyaltyClient } from '../loyalty/loyalty.client';
import { SystemLoyaltyConfig } from '../system-loyalty.config';
import {
  type LoyaltyMemberAnswer,
  type LoyaltyTransactionList,
  toLoyaltyAccount,
} from './loyalty-member.mapper';
import { UnknownMember } from './members.errors';

const MEMBER_KEYS = new CacheKeyspace('member', ['memberId']);

/** Loyalty accounts from the platform, cached for seconds only: balances move with every sale. */
@Injectable()
export class MembersService {
  private readonly policy: CachePolicy;
  private readonly recentActivity: number;

  constructor(
    private readonly loyalty: LoyaltyClient,
    private readonly cache: ReadThroughCache,
    @Inject(SystemLoyaltyConfig) config: SystemLoyaltyConfig,
  ) {
    this.policy = {
      freshMs: config.MEMBER_TTL_S * 1000,
      staleWhileRevalidateMs: 0,
      staleIfErrorMs: config.MEMBER_STALE_IF_ERROR_S * 1000,
    };
    this.recentActivity = config.MEMBER_RECENT_ACTIVITY;
  }

  /** The member's account with their latest points movements, or {@link UnknownMember}. */
  async getAccount(memberId: string): Promise<Cached<LoyaltyAccount>> {
    const cached = await this.cache.read<LoyaltyAccount>(MEMBER_KEYS.key({ memberId }), this.policy, () =>
      this.fetchAccount(memberId),
    );
    if (!cached.value) throw new UnknownMember();
    return cached as Cached<LoyaltyAccount>;
  }

  /** The member's balance as the platform holds it now, never from the cache (for answers to writes). */
  async currentAvailablePoints(memberId: string): Promise<number> {
    const response = await this.loyalty.get<LoyaltyMemberAnswer>(
      'read member',
      `/members/${encodeURIComponent(memberId)}`,
      undefined,
      [404],
    );
    if (response.status === 404) throw new UnknownMember();
    return response.data.balance.availablePoints;
  }

  private async fetchAccount(memberId: string): Promise<LoyaltyAccount | null> {
    const path = `/members/${encodeURIComponent(memberId)}`;
    const [member, transactions] = await Promise.all([
      this.loyalty.get<LoyaltyMemberAnswer>('read member', path, undefined, [404]),
      this.loyalty.get<LoyaltyTransactionList>(
        'list member transactions',
        `${path}/transactions`,
        { limit: this.recentActivity },
        [404],
      ),
    ]);
    if (member.status === 404 || transactions.status === 404) return null;
    return toLoyaltyAccount(member.data, transactions.data.items);
  }
}
