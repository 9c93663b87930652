import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { MEMBER_ID_PATTERN } from '@omnigate/contracts';

export const MAX_RECENT_ACTIVITY = 20;
const POINTS = { minimum: 0, maximum: 1_000_000_000, format: 'int32' } as const;
const TIMESTAMP = { format: 'date-time', maxLength: 30, example: '2026-11-20T17:04:00.000Z' } as const;

export class MemberParams {
  @ApiProperty({
    example: '6042685219730',
    pattern: MEMBER_ID_PATTERN.source,
    maxLength: 13,
    description: 'The 13-digit loyalty card number',
  })
  @IsString()
  @Matches(MEMBER_ID_PATTERN)
  memberId!: string;
}

export class MemberAccountQuery {
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: MAX_RECENT_ACTIVITY,
    default: 10,
    description: 'How many of the latest points movements to show',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_RECENT_ACTIVITY)
  activity: number = 10;
}

export class PointsBalance {
  @ApiProperty({ ...POINTS, example: 5400, description: 'Points the member can redeem now' })
  availablePoints!: number;

  @ApiProperty({ ...POINTS, example: 300, description: 'Points accrued but not yet confirmed' })
  pendingPoints!: number;

  @ApiProperty({
    ...POINTS,
    example: 500,
    description: 'Points held by pickup orders not yet collected (0 when holdsAvailable is false)',
  })
  heldPoints!: number;
}

export class PointsHoldView {
  @ApiProperty({ maxLength: 64, pattern: '^[A-Za-z0-9_.:-]{1,64}$', example: 'RD-51Q8' })
  holdId!: string;

  @ApiProperty({ maxLength: 64, pattern: '^[A-Za-z0-9_.:-]{1,64}$', example: 'po_01JD2X8K4Q' })
  orderId!: string;

  @ApiProperty({ ...POINTS, example: 500 })
  points!: number;

  @ApiProperty(TIMESTAMP)
  createdAt!: string;
}

export class PointsActivityView {
  @ApiProperty({ maxLength: 64, pattern: '^[A-Za-z0-9_.:-]{1,64}$', example: 'TX-8F2K1' })
  activityId!: string;

  @ApiProperty({ enum: ['ACCRUAL', 'REDEMPTION', 'REDEMPTION_CANCEL'], example: 'ACCRUAL' })
  kind!: string;

  @ApiProperty({ minimum: -1_000_000_000, maximum: 1_000_000_000, format: 'int32', example: 120 })
  points!: number;

  @ApiProperty(TIMESTAMP)
  occurredAt!: string;
}

export class MemberAccountResponse {
  @ApiProperty({ example: '6042685219730', pattern: MEMBER_ID_PATTERN.source, maxLength: 13 })
  memberId!: string;

  @ApiProperty({ enum: ['BASE', 'SILVER', 'GOLD'], example: 'GOLD' })
  tier!: string;

  @ApiProperty({ enum: ['ACTIVE', 'SUSPENDED'], example: 'ACTIVE' })
  status!: string;

  @ApiProperty({ type: PointsBalance })
  balance!: PointsBalance;

  @ApiProperty({
    description: 'False when the order service could not be asked; holds is then empty and heldPoints 0',
    example: true,
  })
  holdsAvailable!: boolean;

  @ApiProperty({ type: [PointsHoldView], maxItems: 100 })
  holds!: PointsHoldView[];

  @ApiProperty({ type: [PointsActivityView], maxItems: MAX_RECENT_ACTIVITY, description: 'Latest first' })
  recentActivity!: PointsActivityView[];
}
