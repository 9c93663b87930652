import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import {
  MAX_POINTS_PER_MOVEMENT,
  MAX_POINTS_REFERENCE_LENGTH,
  POINTS_REFERENCE_PATTERN,
} from './points-movement';

export const REDEMPTION_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
export const REDEMPTION_STATUSES = ['COMPLETED', 'CANCELLED'] as const;

export class PointsRedemptionDto {
  @ApiProperty({
    example: 'hold_01JD2X8K4Q',
    pattern: POINTS_REFERENCE_PATTERN.source,
    maxLength: MAX_POINTS_REFERENCE_LENGTH,
    description:
      'Your key for this redemption; repeating it answers the first redemption and takes nothing more',
  })
  @IsString()
  @Matches(POINTS_REFERENCE_PATTERN)
  reference!: string;

  @ApiProperty({ example: 500, minimum: 1, maximum: MAX_POINTS_PER_MOVEMENT })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS_PER_MOVEMENT)
  points!: number;
}

export class PointsRedemptionResultDto {
  @ApiProperty({ example: 'RD4829105573', maxLength: 40 })
  redemptionId!: string;

  @ApiProperty({ example: 500, description: 'Points taken by the redemption (the first one, on a repeat)' })
  points!: number;

  @ApiProperty({ example: 4900, description: 'Points the member can redeem now' })
  availablePoints!: number;

  @ApiProperty({
    enum: REDEMPTION_STATUSES,
    description: 'CANCELLED only on a repeat of a redemption cancelled since',
  })
  status!: (typeof REDEMPTION_STATUSES)[number];

  @ApiProperty({
    description: 'True when an earlier call with this reference had already redeemed the points',
  })
  alreadyRecorded!: boolean;
}

export class RedemptionCancellationDto {
  @ApiProperty({ example: 'RD4829105573', maxLength: 40 })
  redemptionId!: string;

  @ApiProperty({ enum: ['CANCELLED'] })
  status!: 'CANCELLED';

  @ApiPropertyOptional({
    example: 5400,
    description: 'Points the member can redeem now; absent when the redemption was already cancelled',
  })
  availablePoints?: number;

  @ApiProperty({
    description: 'True when the redemption had already been cancelled (nothing was given back this time)',
  })
  alreadyCancelled!: boolean;
}
