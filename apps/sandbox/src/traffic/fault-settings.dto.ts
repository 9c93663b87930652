import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { LOST_REPLY_MODES, type LostReplyMode } from './fault-settings';

/** A partial change to a backend's quota. */
export class QuotaSettingsPatch {
  @ApiPropertyOptional({ description: 'Calls allowed in flight at once; 0 = unlimited', example: 8 })
  @IsOptional()
  @IsInt()
  @Min(0)
  maxConcurrent?: number;

  @ApiPropertyOptional({ description: 'Calls admitted per window; 0 = unlimited', example: 200 })
  @IsOptional()
  @IsInt()
  @Min(0)
  perWindow?: number;

  @ApiPropertyOptional({ description: 'Length of the quota window', example: 1000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  windowMs?: number;
}

/** A partial change to a backend's fault settings; omitted fields keep their value. */
export class FaultSettingsPatch {
  @ApiPropertyOptional({ example: 20 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  latencyMs?: number;

  @ApiPropertyOptional({ description: 'Extra random latency, 0..jitterMs', example: 10 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  jitterMs?: number;

  @ApiPropertyOptional({ description: 'Share of calls answered 500, 0..1', example: 0.05 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  errorRate?: number;

  @ApiPropertyOptional({ description: 'Every call answered 500 after the latency' })
  @IsOptional()
  @IsBoolean()
  outage?: boolean;

  @ApiPropertyOptional({ description: 'Every call answered 503 with Retry-After' })
  @IsOptional()
  @IsBoolean()
  maintenance?: boolean;

  @ApiPropertyOptional({ example: 30 })
  @IsOptional()
  @IsInt()
  @Min(0)
  maintenanceRetryAfterS?: number;

  @ApiPropertyOptional({ type: QuotaSettingsPatch })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuotaSettingsPatch)
  quota?: QuotaSettingsPatch;

  @ApiPropertyOptional({ description: 'The next N calls are answered 429', example: 3 })
  @IsOptional()
  @IsInt()
  @Min(0)
  force429?: number;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  @Min(0)
  force429RetryAfterS?: number;

  @ApiPropertyOptional({ description: 'ERP CSRF token lifetime', example: 1_800_000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  csrfTtlMs?: number;

  @ApiPropertyOptional({
    description:
      'The next N writes are committed, then their answer is lost (the caller cannot tell it landed)',
    example: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  lostReplies?: number;

  @ApiPropertyOptional({
    enum: LOST_REPLY_MODES,
    description: 'drop: the connection closes unanswered; late: the answer comes after lostReplyDelayMs',
  })
  @IsOptional()
  @IsIn(LOST_REPLY_MODES)
  lostReplyMode?: LostReplyMode;

  @ApiPropertyOptional({ description: 'How late a late answer comes', example: 10_000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  lostReplyDelayMs?: number;

  @ApiPropertyOptional({
    description:
      'ERP only: the next N retail documents are rejected as invalid (400 ZRTL/001), as the ERP rejects bad master data',
    example: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  refuseDocuments?: number;

  @ApiPropertyOptional({
    description:
      'ERP only: the next N retail documents are acknowledged (201 with a document number) and then forgotten, as a lost booking',
    example: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  loseDocuments?: number;

  @ApiPropertyOptional({
    description:
      'Loyalty only: the next N accruals are acknowledged (with a transaction id) and never booked on the ledger',
    example: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  loseAccruals?: number;

  @ApiPropertyOptional({
    description:
      'Loyalty only: the next N redemptions are acknowledged (with a redemption id) and never booked on the ledger: no points are taken',
    example: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  loseRedemptions?: number;
}
