import type {
  AccrualReversalResultDto,
  LoyaltyAccount,
  LoyaltyTransactionDto,
  LoyaltyTransactionsDto,
  PointsAccrualDto,
  PointsAccrualResultDto,
  PointsRedemptionDto,
  PointsRedemptionResultDto,
  RedemptionCancellationDto,
} from '@omnigate/contracts';
import type { Cached } from '@omnigate/cache';
import type { SystemApiClient } from './system-api.client';

/** system-loyalty. The platform has no native hold: a hold is a redemption, cancelled on release. */
export class LoyaltyApi {
  constructor(private readonly client: SystemApiClient) {}

  account(memberId: string): Promise<Cached<LoyaltyAccount>> {
    return this.client.read('read member', `/v1/members/${encodeURIComponent(memberId)}`);
  }

  /** Redeems points under our reference; the same reference answers the first redemption. */
  redeem(memberId: string, reference: string, points: number): Promise<PointsRedemptionResultDto> {
    const request: PointsRedemptionDto = { reference, points };
    return this.client.write(
      'redeem points',
      `/v1/members/${encodeURIComponent(memberId)}/redemptions`,
      request,
      true,
    );
  }

  cancelRedemption(redemptionId: string): Promise<RedemptionCancellationDto> {
    return this.client.write(
      'cancel redemption',
      `/v1/redemptions/${encodeURIComponent(redemptionId)}/cancel`,
      {},
      true,
    );
  }

  accrue(memberId: string, reference: string, points: number): Promise<PointsAccrualResultDto> {
    const request: PointsAccrualDto = { reference, points };
    return this.client.write(
      'accrue points',
      `/v1/members/${encodeURIComponent(memberId)}/accruals`,
      request,
      true,
    );
  }

  /**
   * Takes back (part of) the accrual booked under `accrualReference` (a returned sale); the same
   * reversal `reference` answers the first reversal and takes nothing more.
   */
  reverseAccrual(
    accrualReference: string,
    reversal: { reference: string; points: number },
  ): Promise<AccrualReversalResultDto> {
    return this.client.write(
      'reverse accrual',
      `/v1/accruals/${encodeURIComponent(accrualReference)}/reversals`,
      { reference: reversal.reference, points: reversal.points },
      true,
    );
  }

  /** Every points movement booked under some references (at most 100), read now. */
  async transactions(references: string[]): Promise<LoyaltyTransactionDto[]> {
    const read = await this.client.read<LoyaltyTransactionsDto>(
      'read loyalty transactions',
      '/v1/loyalty-transactions',
      { references: references.join(',') },
    );
    return read.value.transactions;
  }
}
