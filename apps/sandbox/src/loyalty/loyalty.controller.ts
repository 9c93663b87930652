import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BackendTrafficInterceptor } from '../traffic/backend-traffic.interceptor';
import { SandboxBackend, TrafficOperation } from '../traffic/traffic-route.decorator';
import { VendorHttpErrorFilter } from '../vendor-http-error.filter';
import { LoyaltyLedger } from './loyalty-ledger';
import { AccrualReversalRequest, PointsAccrualRequest, PointsRedemptionRequest } from './loyalty.dto';

/**
 * The simulated loyalty SaaS (camelCase JSON, errors `{ errorCode, message }`). Counter operation
 * names: `GET members/{memberNumber}`, `GET members/{memberNumber}/transactions`, `GET transactions`,
 * `POST members/{memberNumber}/accruals`, `POST accruals/{accrualReference}/reversals`,
 * `POST members/{memberNumber}/redemptions`,
 * `POST redemptions/{redemptionId}/cancel`, `GET redemptions/{redemptionId}`.
 */
@ApiTags('sandbox: loyalty SaaS')
@SandboxBackend('loyalty')
@UseFilters(VendorHttpErrorFilter)
@UseInterceptors(BackendTrafficInterceptor)
@Controller('loyalty/api/v2')
export class LoyaltyController {
  constructor(private readonly ledger: LoyaltyLedger) {}

  @Get('members/:memberNumber')
  @TrafficOperation('GET members/{memberNumber}')
  @ApiOperation({ summary: 'Read a member and their points balance' })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND' })
  readMember(@Param('memberNumber') memberNumber: string) {
    return this.ledger.profile(memberNumber);
  }

  @Get('members/:memberNumber/transactions')
  @TrafficOperation('GET members/{memberNumber}/transactions')
  @ApiOperation({ summary: "List a member's points transactions, newest first" })
  @ApiQuery({ name: 'limit', required: false, description: '1..100, default 20' })
  listTransactions(@Param('memberNumber') memberNumber: string, @Query('limit') limit: string | undefined) {
    return this.ledger.history(memberNumber, limit);
  }

  @Get('transactions')
  @TrafficOperation('GET transactions')
  @ApiOperation({
    summary: 'Find points transactions of any member by reference (comma-separated, at most 100)',
  })
  @ApiQuery({ name: 'references', required: true, example: 'ORD-1001-accrual,RET-1001-reversal' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: no reference or more than 100' })
  findTransactions(@Query('references') references: string | undefined) {
    return this.ledger.byReferences(references);
  }

  @Post('members/:memberNumber/accruals')
  @TrafficOperation('POST members/{memberNumber}/accruals')
  @ApiOperation({ summary: "Accrue points to a member's account" })
  @ApiBody({ type: PointsAccrualRequest })
  @ApiResponse({ status: 409, description: 'DUPLICATE_REFERENCE with the existing transactionId' })
  accrue(@Param('memberNumber') memberNumber: string, @Body() body: unknown) {
    return this.ledger.accrue(memberNumber, body);
  }

  @Post('accruals/:accrualReference/reversals')
  @TrafficOperation('POST accruals/{accrualReference}/reversals')
  @ApiOperation({ summary: 'Take back (part of) an accrual, at most once per reference' })
  @ApiBody({ type: AccrualReversalRequest })
  @ApiResponse({ status: 404, description: 'ACCRUAL_NOT_FOUND' })
  @ApiResponse({
    status: 409,
    description:
      'DUPLICATE_REFERENCE with the existing transactionId, accrualReference, points, memberNumber and remainingPoints',
  })
  @ApiResponse({ status: 422, description: 'REVERSAL_EXCEEDS_ACCRUAL with remainingPoints' })
  reverseAccrual(@Param('accrualReference') accrualReference: string, @Body() body: unknown) {
    return this.ledger.reverseAccrual(accrualReference, body);
  }

  @Post('members/:memberNumber/redemptions')
  @TrafficOperation('POST members/{memberNumber}/redemptions')
  @ApiOperation({ summary: "Redeem points from a member's account" })
  @ApiBody({ type: PointsRedemptionRequest })
  @ApiResponse({ status: 409, description: 'DUPLICATE_REFERENCE with the existing redemptionId' })
  @ApiResponse({ status: 422, description: 'INSUFFICIENT_POINTS or MEMBER_SUSPENDED' })
  redeem(@Param('memberNumber') memberNumber: string, @Body() body: unknown) {
    return this.ledger.redeem(memberNumber, body);
  }

  @Post('redemptions/:redemptionId/cancel')
  @HttpCode(200)
  @TrafficOperation('POST redemptions/{redemptionId}/cancel')
  @ApiOperation({ summary: 'Cancel a redemption and return its points' })
  @ApiResponse({ status: 409, description: 'ALREADY_CANCELLED' })
  cancelRedemption(@Param('redemptionId') redemptionId: string) {
    return this.ledger.cancel(redemptionId);
  }

  @Get('redemptions/:redemptionId')
  @TrafficOperation('GET redemptions/{redemptionId}')
  @ApiOperation({ summary: 'Read a redemption' })
  @ApiResponse({ status: 404, description: 'REDEMPTION_NOT_FOUND' })
  readRedemption(@Param('redemptionId') redemptionId: string) {
    return this.ledger.redemption(redemptionId);
  }
}
