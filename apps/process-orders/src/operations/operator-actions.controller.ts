import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { InternalCallers } from '@omnigate/auth';
import { OperatorActionsRepository } from './operator-actions.repository';

export class RecordOperatorActionBody {
  /** The person, as the control tower knows them from their credential. */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/)
  actor!: string;

  @IsIn(['replay-dead-letter', 'replay-all-dead-letters', 'release-flow', 'pause-queue', 'resume-queue'])
  action!: string;

  @IsString()
  @MaxLength(200)
  target!: string;

  @IsIn(['done', 'refused', 'failed'])
  outcome!: string;

  @IsOptional()
  @IsObject()
  detail?: Record<string, unknown>;
}

class OperatorActionsQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** The audit of operator actions, kept in this app's database for the control tower, which has none. */
@ApiTags('operations')
@InternalCallers('control-tower')
@Controller('v1/ops/operator-actions')
export class OperatorActionsController {
  constructor(private readonly actions: OperatorActionsRepository) {}

  @Post()
  @ApiOperation({ summary: 'Record one operator action (who, what, on what, how it ended)' })
  record(@Body() body: RecordOperatorActionBody) {
    return this.actions.record({ ...body, detail: body.detail ?? {} });
  }

  @Get()
  @ApiOperation({ summary: 'The latest operator actions, newest first' })
  async latest(@Query() { limit }: OperatorActionsQuery) {
    return { actions: await this.actions.latest(limit ?? 100) };
  }
}
