import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { freshnessHeaderDocs, freshnessHeaders } from '@omnigate/cache';
import { LoyaltyAccount } from '@omnigate/contracts';
import { InternalCallers } from '@omnigate/auth';
import { ApiBackendProblemAnswers } from '@omnigate/http-client';
import { MemberParams } from './members.dto';
import { MembersService } from './members.service';

@ApiTags('members')
@ApiBackendProblemAnswers('the loyalty platform')
@InternalCallers('experience-storefront', 'experience-pos', 'process-orders')
@Controller('v1/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get(':memberId')
  @ApiOperation({
    summary: "A member's loyalty account: tier, status, balance and latest points movements",
    description:
      'Carries no name, email or other personal data. Cached for seconds; a write does not refresh it.',
  })
  @ApiOkResponse({
    type: LoyaltyAccount,
    headers: freshnessHeaderDocs('the account was read from the loyalty platform', 'the platform is failing'),
  })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-member' })
  async getAccount(
    @Param() { memberId }: MemberParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoyaltyAccount> {
    const cached = await this.members.getAccount(memberId);
    void reply.headers(freshnessHeaders(cached));
    return cached.value;
  }
}
