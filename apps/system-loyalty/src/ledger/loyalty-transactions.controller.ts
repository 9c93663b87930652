import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InternalCallers } from '@omnigate/auth';
import { ApiBackendProblemAnswers } from '@omnigate/http-client';
import { LoyaltyTransactionsDto, LoyaltyTransactionsQuery } from '@omnigate/contracts';
import { LoyaltyTransactionsService } from './loyalty-transactions.service';

/** The loyalty ledger read back for reconciliation; never cached. */
@ApiTags('ledger')
@ApiBackendProblemAnswers('the loyalty platform')
@InternalCallers('process-orders')
@Controller('v1/loyalty-transactions')
export class LoyaltyTransactionsController {
  constructor(private readonly transactions: LoyaltyTransactionsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Every points movement of any member booked under some references (a reference with none is left out)',
  })
  @ApiOkResponse({ type: LoyaltyTransactionsDto })
  async byReferences(@Query() { references }: LoyaltyTransactionsQuery): Promise<LoyaltyTransactionsDto> {
    return { transactions: await this.transactions.byReferences(references) };
  }
}
