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
import {
  type LoyaltyCancellationAnswer,
  type LoyaltyRedemption,
  type LoyaltyRedemptionAnswer,
  toCancellationResult,
  toLoyaltyRedemptionRequest,
  toRedemptionResult,
  toRepeatedRedemptionResult,
} from './loyalty-redemption.mapper';
import type {
  PointsRedemptionDto,
  PointsRedemptionResultDto,
  RedemptionCancellationDto,
} from '@omnigate/contracts';
import { InsufficientPoints, ReferenceUsedByAnotherMember, UnknownRedemption } from './redemptions.errors';

const REDEEM = 'redeem points';
const CANCEL = 'cancel redemption';

/** Redeems points and cancels redemptions on the platform; the process layer builds points holds from these. */
@Injectable()
export class RedemptionsService {
  constructor(
    private readonly loyalty: LoyaltyClient,
    private readonly members: MembersService,
  ) {}

  /** Takes the points; a reference the platform already redeemed answers that redemption instead. */
  async redeem(memberId: string, redemption: PointsRedemptionDto): Promise<PointsRedemptionResultDto> {
    const response = await this.loyalty.post<LoyaltyRedemptionAnswer | LoyaltyErrorBody>(
      REDEEM,
      `/members/${encodeURIComponent(memberId)}/redemptions`,
      toLoyaltyRedemptionRequest(redemption),
      [404, 409, 422],
    );
    if (response.status < 300) return toRedemptionResult(response.data as LoyaltyRedemptionAnswer);
    const refusal = response.data as LoyaltyErrorBody;
    switch (loyaltyErrorCode(response)) {
      case LOYALTY_ERROR.memberNotFound:
        throw new UnknownMember();
      case LOYALTY_ERROR.memberSuspended:
        throw new MemberSuspended();
      case LOYALTY_ERROR.insufficientPoints:
        throw new InsufficientPoints(refusal.availablePoints);
      case LOYALTY_ERROR.duplicateReference:
        return this.answerEarlierRedemption(memberId, String(refusal.redemptionId));
      default:
        throw unexpectedLoyaltyRefusal(REDEEM, response);
    }
  }

  /** Gives the redemption's points back; cancelling twice gives nothing more and is not an error. */
  async cancel(redemptionId: string): Promise<RedemptionCancellationDto> {
    const response = await this.loyalty.post<LoyaltyCancellationAnswer | LoyaltyErrorBody>(
      CANCEL,
      `/redemptions/${encodeURIComponent(redemptionId)}/cancel`,
      undefined,
      [404, 409],
    );
    if (response.status < 300) return toCancellationResult(response.data as LoyaltyCancellationAnswer);
    switch (loyaltyErrorCode(response)) {
      case LOYALTY_ERROR.redemptionNotFound:
        throw new UnknownRedemption(redemptionId);
      case LOYALTY_ERROR.alreadyCancelled:
        return { redemptionId, status: 'CANCELLED', alreadyCancelled: true };
      default:
        throw unexpectedLoyaltyRefusal(CANCEL, response);
    }
  }

  /**
   * The platform's duplicate answer names only the redemption; read it for its points and status,
   * and make sure it is this member's before calling the repeat a success.
   */
  private async answerEarlierRedemption(
    memberId: string,
    redemptionId: string,
  ): Promise<PointsRedemptionResultDto> {
    rootLogger().info(
      { backend: 'loyalty', member: maskIdentifier(memberId), redemptionId },
      'redemption reference already used',
    );
    const [existing, availablePoints] = await Promise.all([
      this.loyalty.get<LoyaltyRedemption>(
        'read redemption',
        `/redemptions/${encodeURIComponent(redemptionId)}`,
      ),
      this.members.currentAvailablePoints(memberId),
    ]);
    if (existing.data.memberNumber !== memberId) throw new ReferenceUsedByAnotherMember();
    return toRepeatedRedemptionResult(existing.data, availablePoints);
  }
}
