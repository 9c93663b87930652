import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { MAX_POINTS_PER_MOVEMENT, POINTS_REFERENCE_PATTERN } from './points-movement';

/** Points of an earlier accrual taken back (goods returned), at most what it booked. */
export class PointsAccrualReversalDto {
  @ApiProperty({
    example: 'accrual-reversal-ret_8Qm3xT0aLk2VbN7c',
    pattern: POINTS_REFERENCE_PATTERN.source,
    description: 'Your key for this reversal; repeating it answers the first reversal and takes nothing more',
  })
  @IsString() @Matches(POINTS_REFERENCE_PATTERN)
  reference!: string;

  @ApiProperty({ example: 12, minimum: 1, maximum: MAX_POINTS_PER_MOVEMENT })
  @IsInt() @Min(1) @Max(MAX_POINTS_PER_MOVEMENT)
  points!: number;
}

export class PointsAccrualReversalResultDto {
  @ApiProperty({ example: 'TX482910557312' })
  transactionId!: string;

  @ApiProperty({ example: 12 })
  points!: number;

  @ApiProperty({ example: 5508, description: 'Points the member can redeem after the reversal; below zero when they had spent them' })
  availablePoints!: number;

  @ApiProperty({ description: 'True when an earlier call with this reference had already reversed the points' })
  alreadyRecorded!: boolean;
}
