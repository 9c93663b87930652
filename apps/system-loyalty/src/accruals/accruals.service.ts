import { Injectable } from '@nestjs/common';
import { maskIdentifier, rootLogger } from '@omnigate/observability';
import {
  LOYALTY_ERROR,
  type LoyaltyErrorBody,
  loyaltyErrorCode,
  unexpectedLoyaltyRefusal,
} from '../loyalty/loyalty-api';
import { LoyaltyClient } from '../loyalty/loyalty.client';
import { MemberSuspended, UnknownMember } from '../members/members.errors';
import { MembersService } from '../members/members.service';
import type { PointsAccrualDto, PointsAccrualResultDto } from '@omnigate/contracts';
import {
  type LoyaltyAccrualAnswer,
  toAccrualResult,
  toLoyaltyAccrualRequest,
} from './loyalty-accrual.mapper';

const OPERATION = 'accrue points';

/** Accrues points on the platform, at most once per reference. */
@Injectable()
export class AccrualsService {
  constructor(
    private readonly loyalty: LoyaltyClient,
    private readonly members: MembersService,
  ) {}

  /** Accrues the points; a reference the platform already booked answers that booking instead. */
  async accrue(memberId: string, accrual: PointsAccrualDto): Promise<PointsAccrualResultDto> {
    const response = await this.loyalty.post<LoyaltyAccrualAnswer | LoyaltyErrorBody>(
      OPERATION,
      `/members/${encodeURIComponent(memberId)}/accruals`,
      toLoyaltyAccrualRequest(accrual),
      [404, 409, 422],
    );
    if (response.status < 300) return toAccrualResult(response.data as LoyaltyAccrualAnswer);
    switch (loyaltyErrorCode(response)) {
      case LOYALTY_ERROR.memberNotFound:
        throw new UnknownMember();
      case LOYALTY_ERROR.memberSuspended:
        throw new MemberSuspended();
      case LOYALTY_ERROR.duplicateReference: {
        // The platform keeps the first booking and names it; its answer carries no balance, so ask for one.
        const { transactionId } = response.data as LoyaltyErrorBody;
        rootLogger().info(
          { backend: 'loyalty', member: maskIdentifier(memberId), transactionId },
          'accrual reference already booked',
        );
        const availablePoints = await this.members.currentAvailablePoints(memberId);
        return {
          transactionId: String(transactionId),
          points: accrual.points,
          availablePoints,
          alreadyRecorded: true,
        };
      }
      default:
        throw unexpectedLoyaltyRefusal(OPERATION, response);
    }
  }
}
