import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IsString, Matches } from 'class-validator';
import { MemberCredentialRequired, RequireScopes } from '@omnigate/auth';
import { RETURN_ID_PATTERN, ReturnView } from '@omnigate/contracts';
import { type ProcessCaller, ReturnsApi } from '@omnigate/process-clients';
import { ApiEdgeRead, Caller, DependsOn, MEMBER_REFUSAL, WRITE_ANSWER_HEADERS } from '@omnigate/edge';
import { ReturnNotFound } from './returns.errors';

export class ReturnParams {
  @ApiProperty({ example: 'ret_8Qm3xT0aLk2VbN7c', maxLength: 44, pattern: RETURN_ID_PATTERN.source })
  @IsString()
  @Matches(RETURN_ID_PATTERN)
  returnId!: string;
}

const NOT_FOUND = {
  slug: 'return-not-found',
  title: 'No return has this id',
  description: "No return has this id, or (a member's token) it is not that member's (type return-not-found)",
};

@ApiTags('returns')
@DependsOn('process-orders')
@Controller('v1/returns')
export class CustomerServiceReturnsController {
  constructor(private readonly returns: ReturnsApi) {}

  /**
   * For customer service: a return names a member (or none), so only a trusted server, or a token
   * bound to that member, reads it.
   */
  @Get(':returnId')
  @RequireScopes('returns:read')
  @ApiOperation({
    summary:
      'A return, for customer service: its refund per line and tender, timeline with backend ids, and ERP credit memo',
    description:
      "A trusted server's credentials (dev-customer-service) read any return; a member's token only that member's.",
  })
  @ApiOkResponse({ type: ReturnView, headers: WRITE_ANSWER_HEADERS })
  @ApiEdgeRead('returns:read', NOT_FOUND, MEMBER_REFUSAL)
  async get(
    @Caller() caller: ProcessCaller,
    @Param() { returnId }: ReturnParams,
    @Req() request: FastifyRequest,
  ): Promise<ReturnView> {
    const principal = request.principal!;
    if (principal.memberId === undefined && principal.trustedServer !== true)
      throw new MemberCredentialRequired();
    const { data } = await this.returns.get(caller, returnId);
    if (principal.memberId !== undefined && data.memberId !== principal.memberId) throw new ReturnNotFound();
    return data;
  }
}
