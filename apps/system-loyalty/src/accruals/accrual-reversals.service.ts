import { Injectable } from '@nestjs/common';
import type { PointsAccrualReversalDto, PointsAccrualReversalResultDto } from '@omnigate/contracts';
import { DomainError } from '@omnigate/problems';
import { LOYALTY_ERROR, type LoyaltyBalance, type LoyaltyErrorBody, loyaltyErrorCode, unexpectedLoyaltyRefusal } from '../loyalty/loyalty-api';
import { LoyaltyClient } from '../loyalty/loyalty.client';
import { UnknownMember } from '../members/members.errors';
import { MembersService } from '../members/members.service';

const OPERATION = 'reverse accrual';

export class UnknownAccrual extends DomainError {
  readonly type = 'unknown-accrual';
  override readonly kind = 'not-found';
  constructor() {
    super('The member has no accrual under this reference');
  }
}

export class ReversalExceedsAccrual extends DomainError {
  readonly type = 'reversal-exceeds-accrual';
  override readonly kind = 'unprocessable';
  override readonly extensions: Record<string, unknown>;
  constructor(reversiblePoints: unknown) {
    super('More points than the accrual has left to reverse');
    this.extensions = { reversiblePoints };
  }
}

interface LoyaltyReversalAnswer {
  transactionId: string;
  points: number;
  balance: LoyaltyBalance;
}

/** Takes back points of an earlier accrual on the platform, at most once per reference. */
@Injectable()
export class AccrualReversalsService {
  constructor(
    private readonly loyalty: LoyaltyClient,
    private readonly members: MembersService,
  ) {}

  async reverse(memberId: string, accrualReference: string, reversal: PointsAccrualReversalDto): Promise<PointsAccrualReversalResultDto> {
    const response = await this.loyalty.post<LoyaltyReversalAnswer | LoyaltyErrorBody>(
      OPERATION,
      `/members/${encodeURIComponent(memberId)}/accruals/${encodeURIComponent(accrualReference)}/reversals`,
      { reference: reversal.reference, points: reversal.points },
      [404, 409, 422],
    );
    if (response.status < 300) {
      const answer = response.data as LoyaltyReversalAnswer;
      return { transactionId: answer.transactionId, points: answer.points, availablePoints: answer.balance.availablePoints, alreadyRecorded: false };
    }
    const body = response.data as LoyaltyErrorBody & { reversiblePoints?: number };
    switch (loyaltyErrorCode(response)) {
      case LOYALTY_ERROR.memberNotFound:
        throw new UnknownMember();
      case 'ACCRUAL_NOT_FOUND':
        throw new UnknownAccrual();
      case 'REVERSAL_EXCEEDS_ACCRUAL':
        throw new ReversalExceedsAccrual(body.reversiblePoints);
      case LOYALTY_ERROR.duplicateReference: {
        // The platform keeps the first reversal and names it; its answer carries no balance, so ask for one.
        const availablePoints = await this.members.currentAvailablePoints(memberId);
        return { transactionId: String(body.transactionId), points: reversal.points, availablePoints, alreadyRecorded: true };
      }
      default:
        throw unexpectedLoyaltyRefusal(OPERATION, response);
    }
  }
}
