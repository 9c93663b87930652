import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { InternalCallers } from '@omnigate/auth';
import { Ctx, type RequestContext } from '@omnigate/workflow';
import { FlowParams } from './flows.controller';
import { ReleaseStuckFlow } from './release-stuck-flow.usecase';

export class ReleaseFlowBody {
  @ApiProperty({
    description: 'The person releasing the flow, as the control tower knows them',
    pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
    maxLength: 64,
    example: 'dana.ops',
  })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/)
  actor!: string;

  @ApiProperty({
    description: 'Why: kept in the audit and in the flow timeline',
    minLength: 3,
    maxLength: 200,
    example: 'OMS refuses the order; customer informed by the store',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  reason!: string;
}

/** Operators release a stuck flow's holds: the one write on flows, audited with the move. */
@ApiTags('operations')
@InternalCallers('operator', 'control-tower')
@Controller('v1/ops/flows')
export class FlowReleaseController {
  constructor(private readonly release: ReleaseStuckFlow) {}

  @Post(':workflow/:flowId/release')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Release a stuck flow's holds (a pickup order's stock and points, a till's points hold): the flow ends as its own cancel or void would end it",
  })
  @ApiOkResponse({ description: '{ workflow, flowId, state }: the state the flow was released into' })
  @ApiNotFoundResponse({ description: 'problem+json, type unknown-workflow or <workflow>-not-found' })
  @ApiConflictResponse({
    description:
      'problem+json, type flow-holds-nothing (the workflow holds nothing) or illegal-<workflow>-transition (the flow is past releasing), with its current state',
  })
  execute(@Ctx() ctx: RequestContext, @Param() params: FlowParams, @Body() body: ReleaseFlowBody) {
    return this.release.execute(ctx.correlationId, { ...params, ...body });
  }
}
