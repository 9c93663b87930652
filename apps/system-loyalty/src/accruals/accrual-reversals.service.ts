import { Injectable } from '@nestjs/common';
import type { AccrualReversalDto, AccrualReversalResultDto } from '@omnigate/contracts';
import { rootLogger } from '@omnigate/observability';
import { type LoyaltyErrorBody, loyaltyErrorCode, unexpectedLoyaltyRefusal } from '../loyalty/loyalty-api';
import { LoyaltyClient } from '../loyalty/loyalty.client';
import { MembersService } from '../members/members.service';
import { ReversalExceedsAccrual, ReversalReferenceInUse, UnknownAccrual } from './accrual-reversals.errors';
import {
  type LoyaltyDuplicateReversal,
  type LoyaltyReversalAnswer,
  toLoyaltyReversalRequest,
  toRepeatedReversalResult,
  toReversalResult,
} from './loyalty-accrual-reversal.mapper';

const OPERATION = 'reverse accrual';

/** The platform's refusal codes of a reversal. */
const REVERSAL_ERROR = {
  accrualNotFound: 'ACCRUAL_NOT_FOUND',
  exceedsAccrual: 'REVERSAL_EXCEEDS_ACCRUAL',
  duplicateReference: 'DUPLICATE_REFERENCE',
} as const;

/** Takes back (part of) an accrual on the platform (a returned sale), at most once per reversal reference. */
@Injectable()
export class AccrualReversalsService {
  constructor(
    private readonly loyalty: LoyaltyClient,
    private readonly members: MembersService,
  ) {}

  /** Reverses the points; a reference the platform already booked answers that reversal, if it is the same one. */
  async reverse(accrualReference: string, reversal: AccrualReversalDto): Promise<AccrualReversalResultDto> {
    const response = await this.loyalty.post<
      LoyaltyReversalAnswer | (LoyaltyErrorBody & Partial<LoyaltyDuplicateReversal>)
    >(
      OPERATION,
      `/accruals/${encodeURIComponent(accrualReference)}/reversals`,
      toLoyaltyReversalRequest(reversal),
      [404, 409, 422],
    );
    if (response.status < 300) return toReversalResult(response.data as LoyaltyReversalAnswer);
    const refusal = response.data as LoyaltyErrorBody & Partial<LoyaltyDuplicateReversal>;
    switch (loyaltyErrorCode(response)) {
      case REVERSAL_ERROR.accrualNotFound:
        throw new UnknownAccrual();
      case REVERSAL_ERROR.exceedsAccrual:
        throw new ReversalExceedsAccrual(refusal.remainingPoints);
      case REVERSAL_ERROR.duplicateReference: {
        const existing = refusal as LoyaltyDuplicateReversal;
        // A repeat is the same reversal: same accrual, same points. Anything else reuses the key for another.
        if (existing.accrualReference !== accrualReference || existing.points !== reversal.points)
          throw new ReversalReferenceInUse();
        rootLogger().info(
          { backend: 'loyalty', transactionId: existing.transactionId },
          'reversal reference already booked',
        );
        return toRepeatedReversalResult(
          existing,
          await this.members.currentAvailablePoints(existing.memberNumber),
        );
      }
      default:
        throw unexpectedLoyaltyRefusal(OPERATION, response);
    }
  }
}
