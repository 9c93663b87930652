import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

// Each pattern bounds its value's length; the documented maxLength is that bound.
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const STATE = /^[A-Z][A-Z_]{0,39}$/;
const WORKFLOW = /^[a-z][a-z0-9-]{0,49}$/;
const QUEUE_NAME = /^[a-z][a-z0-9.-]{0,99}$/;
const DEAD_LETTER_ID = /^[0-9a-f-]{36}$/;

export class FlowSearchQuery {
  @ApiPropertyOptional({
    description: 'A flow id or any business key: order id, member, store, sale key, return id, OMS order id',
    pattern: TOKEN.source,
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @Matches(TOKEN)
  key?: string;

  @ApiPropertyOptional({
    description: 'A state of the workflow, e.g. PLACED',
    pattern: STATE.source,
    maxLength: 40,
  })
  @IsOptional()
  @IsString()
  @Matches(STATE)
  state?: string;

  @ApiPropertyOptional({
    description: 'Only flows stuck (not final, unmoved or failing) for this many minutes',
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 525_600,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(525_600)
  stuckForMin?: number;
}

export class FlowParams {
  @ApiProperty({ description: 'The workflow, e.g. pickup-order', pattern: WORKFLOW.source, maxLength: 50 })
  @IsString()
  @Matches(WORKFLOW)
  workflow!: string;

  @ApiProperty({ description: 'The flow id', pattern: TOKEN.source, maxLength: 100 })
  @IsString()
  @Matches(TOKEN)
  flowId!: string;
}

export class ReleaseFlowBody {
  @ApiProperty({
    description: 'Why the flow is released: kept in the audit and in the flow timeline',
    minLength: 3,
    maxLength: 200,
    example: 'OMS refuses the order; customer informed by the store',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  reason!: string;
}

export class QueueParams {
  @ApiProperty({
    description: 'The job queue, e.g. erp-postings',
    pattern: QUEUE_NAME.source,
    maxLength: 100,
  })
  @IsString()
  @Matches(QUEUE_NAME)
  queue!: string;
}

export class DeadLetterParams extends QueueParams {
  @ApiProperty({
    description: 'The dead letter (job) id',
    pattern: DEAD_LETTER_ID.source,
    minLength: 36,
    maxLength: 36,
  })
  @IsString()
  @Matches(DEAD_LETTER_ID)
  deadLetterId!: string;
}

const STORE_ID = /^[A-Za-z0-9-]{1,20}$/;
const BUSINESS_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class RunReconciliationBody {
  @ApiProperty({ example: 'ST-6930', maxLength: 20 })
  @IsString()
  @Matches(STORE_ID)
  storeId!: string;

  @ApiProperty({
    example: '2026-11-30',
    description: "A store sale's business date; a pickup order's or return's UTC day of creation",
    minLength: 10,
    maxLength: 10,
  })
  @IsString()
  @Matches(BUSINESS_DATE)
  businessDate!: string;
}

export class ReconciliationReportsQuery {
  @ApiPropertyOptional({ example: 'ST-6930', maxLength: 20 })
  @IsOptional()
  @IsString()
  @Matches(STORE_ID)
  storeId?: string;

  @ApiPropertyOptional({ example: '2026-11-30', minLength: 10, maxLength: 10 })
  @IsOptional()
  @IsString()
  @Matches(BUSINESS_DATE)
  businessDate?: string;
}

export class ReconciliationReportParams {
  @ApiProperty({ example: 'rec_x1Y2z3a4B5c6d7E8', maxLength: 44 })
  @IsString()
  @Matches(/^rec_[A-Za-z0-9_-]{8,40}$/)
  reportId!: string;
}
