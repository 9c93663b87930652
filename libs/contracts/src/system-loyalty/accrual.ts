import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import {
  MAX_POINTS_PER_MOVEMENT,
  MAX_POINTS_REFERENCE_LENGTH,
  POINTS_REFERENCE_PATTERN,
} from './points-movement';

export class PointsAccrualDto {
  @ApiProperty({
    example: 'sale:ST-6930:R01:000123',
    pattern: POINTS_REFERENCE_PATTERN.source,
    maxLength: MAX_POINTS_REFERENCE_LENGTH,
    description: 'Your key for this accrual; repeating it answers the first accrual and adds nothing',
  })
  @IsString()
  @Matches(POINTS_REFERENCE_PATTERN)
  reference!: string;

  @ApiProperty({ example: 120, minimum: 1, maximum: MAX_POINTS_PER_MOVEMENT })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS_PER_MOVEMENT)
  points!: number;

  @ApiPropertyOptional({
    example: 'pu_01JD2X8K4Q',
    pattern: POINTS_REFERENCE_PATTERN.source,
    maxLength: MAX_POINTS_REFERENCE_LENGTH,
    description: 'The order the points were earned on',
  })
  @IsOptional()
  @IsString()
  @Matches(POINTS_REFERENCE_PATTERN)
  orderReference?: string;
}

export class PointsAccrualResultDto {
  @ApiProperty({ example: 'TX482910557311', maxLength: 40 })
  transactionId!: string;

  @ApiProperty({ example: 120 })
  points!: number;

  @ApiProperty({ example: 5520, description: 'Points the member can redeem after the accrual' })
  availablePoints!: number;

  @ApiProperty({
    description: 'True when an earlier call with this reference had already accrued the points',
  })
  alreadyRecorded!: boolean;
}
