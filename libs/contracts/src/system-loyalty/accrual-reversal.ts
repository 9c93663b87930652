import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import {
  MAX_POINTS_PER_MOVEMENT,
  MAX_POINTS_REFERENCE_LENGTH,
  POINTS_REFERENCE_PATTERN,
} from './points-movement';

/** Takes back (part of) an earlier accrual, e.g. of a returned sale. */
export class AccrualReversalDto {
  @ApiProperty({
    example: 'return:rt_8Qm3xT0aLk2V:1',
    pattern: POINTS_REFERENCE_PATTERN.source,
    maxLength: MAX_POINTS_REFERENCE_LENGTH,
    description: 'Your key for this reversal; repeating it answers the first reversal and takes nothing more',
  })
  @IsString()
  @Matches(POINTS_REFERENCE_PATTERN)
  reference!: string;

  @ApiProperty({
    example: 60,
    minimum: 1,
    maximum: MAX_POINTS_PER_MOVEMENT,
    description: 'At most what the accrual has left unreversed',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS_PER_MOVEMENT)
  points!: number;
}

export class AccrualReversalParams {
  @ApiProperty({
    example: 'sale:ST-6930:R01:000123',
    pattern: POINTS_REFERENCE_PATTERN.source,
    maxLength: MAX_POINTS_REFERENCE_LENGTH,
    description: 'The reference the points were accrued under',
  })
  @IsString()
  @Matches(POINTS_REFERENCE_PATTERN)
  accrualReference!: string;
}

export class AccrualReversalResultDto {
  @ApiProperty({ example: 'TX482910557399', maxLength: 40 })
  transactionId!: string;

  @ApiProperty({ example: 'sale:ST-6930:R01:000123', maxLength: MAX_POINTS_REFERENCE_LENGTH })
  accrualReference!: string;

  @ApiProperty({
    example: 60,
    description: 'Points taken back by this reversal (the first one, on a repeat)',
  })
  points!: number;

  @ApiProperty({ example: 60, description: 'Points of the accrual still reversible after this reversal' })
  remainingPoints!: number;

  @ApiProperty({
    example: 5460,
    description:
      'Points the member can redeem now; may be below zero when the member spent the points already',
  })
  availablePoints!: number;

  @ApiProperty({
    description: 'True when an earlier call with this reference had already reversed the points',
  })
  alreadyRecorded!: boolean;
}
