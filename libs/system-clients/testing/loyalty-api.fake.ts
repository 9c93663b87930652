import type {
  AccrualReversalResultDto,
  LoyaltyAccount,
  LoyaltyTransactionDto,
  PointsAccrualResultDto,
  PointsRedemptionResultDto,
  RedemptionCancellationDto,
} from '@omnigate/contracts';
import type { Cached } from '@omnigate/cache';
import type { LoyaltyApi } from '../src/loyalty.api';
import { SystemRefusal } from '../src/system-refusal';

/** A redemption as the fake keeps it. */
export interface FakeRedemption {
  redemptionId: string;
  memberId: string;
  reference: string;
  points: number;
  cancelled: boolean;
}

/**
 * system-loyalty in memory, for process specs: balances per member, redemptions and accruals
 * deduplicated on our reference (a repeat answers the first, `alreadyRecorded`), a cancel of a
 * cancelled redemption answered as done, and the platform's slugs (`unknown-member`,
 * `insufficient-points`). `failNext` makes the next call of one operation throw what the spec gives.
 */
export class FakeLoyaltyApi implements Pick<LoyaltyApi, keyof LoyaltyApi> {
  readonly balances = new Map<string, number>();
  readonly redemptions = new Map<string, FakeRedemption>();
  readonly accruals = new Map<string, { memberId: string; points: number; reversed: number }>();
  readonly calls: string[] = [];
  /** Every points movement booked, as the platform's ledger reads back. */
  readonly ledger: LoyaltyTransactionDto[] = [];
  private readonly failures = new Map<keyof LoyaltyApi, unknown>();
  private seq = 0;

  /** A member with `points` available. */
  member(memberId: string, points: number): this {
    this.balances.set(memberId, points);
    return this;
  }

  failNext(operation: keyof LoyaltyApi, error: unknown): this {
    this.failures.set(operation, error);
    return this;
  }

  /** Stands in where a {@link LoyaltyApi} is injected. */
  asApi(): LoyaltyApi {
    return this as unknown as LoyaltyApi;
  }

  /** The points currently redeemed (held and not cancelled) under `reference`. */
  heldUnder(reference: string): number {
    return [...this.redemptions.values()]
      .filter((r) => r.reference === reference && !r.cancelled)
      .reduce((sum, r) => sum + r.points, 0);
  }

  async account(memberId: string): Promise<Cached<LoyaltyAccount>> {
    this.enter('account');
    const availablePoints = this.balanceOf(memberId);
    return {
      value: {
        memberId,
        tier: 'SILVER',
        status: 'ACTIVE',
        availablePoints,
        pendingPoints: 0,
        recentActivity: [],
      },
      state: 'miss',
      ageS: 0,
    };
  }

  async redeem(memberId: string, reference: string, points: number): Promise<PointsRedemptionResultDto> {
    this.enter('redeem');
    const available = this.balanceOf(memberId);
    const first = [...this.redemptions.values()].find((r) => r.reference === reference);
    if (first)
      return {
        redemptionId: first.redemptionId,
        points: first.points,
        availablePoints: available,
        status: first.cancelled ? 'CANCELLED' : 'COMPLETED',
        alreadyRecorded: true,
      };
    if (points > available)
      throw new SystemRefusal(422, {
        type: 'insufficient-points',
        title: 'Not enough points',
        availablePoints: available,
      });
    const redemption: FakeRedemption = {
      redemptionId: `RD-${++this.seq}`,
      memberId,
      reference,
      points,
      cancelled: false,
    };
    this.redemptions.set(redemption.redemptionId, redemption);
    this.balances.set(memberId, available - points);
    this.book({ transactionId: redemption.redemptionId, memberId, kind: 'redemption', points, reference });
    return {
      redemptionId: redemption.redemptionId,
      points,
      availablePoints: available - points,
      status: 'COMPLETED',
      alreadyRecorded: false,
    };
  }

  async cancelRedemption(redemptionId: string): Promise<RedemptionCancellationDto> {
    this.enter('cancelRedemption');
    const redemption = this.redemptions.get(redemptionId);
    if (!redemption)
      throw new SystemRefusal(404, { type: 'unknown-redemption', title: 'No such redemption' });
    const alreadyCancelled = redemption.cancelled;
    if (!alreadyCancelled) {
      redemption.cancelled = true;
      this.balances.set(redemption.memberId, this.balanceOf(redemption.memberId) + redemption.points);
      this.book({
        transactionId: `${redemptionId}-C`,
        memberId: redemption.memberId,
        kind: 'redemption-cancel',
        points: redemption.points,
        reference: redemption.reference,
      });
    }
    return {
      redemptionId,
      status: 'CANCELLED',
      alreadyCancelled,
      ...(!alreadyCancelled && { availablePoints: this.balanceOf(redemption.memberId) }),
    };
  }

  async accrue(memberId: string, reference: string, points: number): Promise<PointsAccrualResultDto> {
    this.enter('accrue');
    const available = this.balanceOf(memberId);
    const first = this.accruals.get(reference);
    if (first)
      return {
        transactionId: `TX-${reference}`,
        points: first.points,
        availablePoints: available,
        alreadyRecorded: true,
      };
    this.accruals.set(reference, { memberId, points, reversed: 0 });
    this.balances.set(memberId, available + points);
    this.book({ transactionId: `TX-${reference}`, memberId, kind: 'accrual', points, reference });
    return {
      transactionId: `TX-${reference}`,
      points,
      availablePoints: available + points,
      alreadyRecorded: false,
    };
  }

  async reverseAccrual(
    accrualReference: string,
    reversal: { reference: string; points: number },
  ): Promise<AccrualReversalResultDto> {
    this.enter('reverseAccrual');
    const accrual = this.accruals.get(accrualReference);
    if (!accrual) throw new SystemRefusal(404, { type: 'unknown-accrual', title: 'No such accrual' });
    if (reversal.points > accrual.points - accrual.reversed)
      throw new SystemRefusal(422, {
        type: 'reversal-exceeds-accrual',
        title: 'More than the accrual earned',
      });
    accrual.reversed += reversal.points;
    this.book({
      transactionId: `TX-${reversal.reference}`,
      memberId: accrual.memberId,
      kind: 'accrual-reversal',
      points: reversal.points,
      reference: reversal.reference,
      accrualReference,
    });
    const availablePoints = this.balanceOf(accrual.memberId) - reversal.points;
    this.balances.set(accrual.memberId, availablePoints);
    return {
      transactionId: `TX-${reversal.reference}`,
      accrualReference,
      points: reversal.points,
      remainingPoints: accrual.points - accrual.reversed,
      availablePoints,
      alreadyRecorded: false,
    };
  }

  async transactions(references: string[]): Promise<LoyaltyTransactionDto[]> {
    this.enter('transactions');
    return this.ledger.filter((t) => references.includes(t.reference));
  }

  private book(transaction: Omit<LoyaltyTransactionDto, 'occurredAt'>): void {
    this.ledger.push({ ...transaction, occurredAt: new Date(0).toISOString() });
  }

  private balanceOf(memberId: string): number {
    const balance = this.balances.get(memberId);
    if (balance === undefined)
      throw new SystemRefusal(404, { type: 'unknown-member', title: 'No such member' });
    return balance;
  }

  private enter(operation: keyof LoyaltyApi): void {
    this.calls.push(operation);
    const failure = this.failures.get(operation);
    if (failure === undefined) return;
    this.failures.delete(operation);
    throw failure;
  }
}
