import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MemberScoped, RequireScopes } from '@omnigate/auth';
import { freshnessHeaders } from '@omnigate/cache';
import { ApiEdgeRead, DependsOn, MEMBER_REFUSAL, READ_ANSWER_HEADERS } from '@omnigate/edge';
import { MemberAccountQuery, MemberAccountResponse, MemberParams } from './loyalty.dto';
import { MemberAccountService } from './member-account.service';

@ApiTags('loyalty')
// Points holds from process-orders only refine the answer, which is given without them.
@DependsOn('system-loyalty')
@Controller('v1/loyalty/members')
export class LoyaltyController {
  constructor(private readonly accounts: MemberAccountService) {}

  @Get(':memberId')
  @RequireScopes('loyalty:read')
  @MemberScoped('memberId')
  @ApiOperation({
    summary: "A member's loyalty account: tier, balance, points held by pickup orders, latest movements",
    description:
      "Needs the member's own token (member_id claim) or a trusted server's credentials (customer service); a client app's key alone is refused 403 member-credential-required, " +
      "another member's token 403 member-not-permitted. No name, email or card data.",
  })
  @ApiOkResponse({ type: MemberAccountResponse, headers: READ_ANSWER_HEADERS })
  @ApiEdgeRead(
    'loyalty:read',
    {
      slug: 'unknown-member',
      title: 'No loyalty member has this id',
      description: 'No member has this id (type unknown-member)',
    },
    MEMBER_REFUSAL,
  )
  async readMemberAccount(
    @Param() { memberId }: MemberParams,
    @Query() { activity }: MemberAccountQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const read = await this.accounts.readAccount(memberId, activity);
    void reply.headers(freshnessHeaders(read));
    return read.value;
  }
}
