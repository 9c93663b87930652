import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** The body of `POST /members/{memberNumber}/accruals`. */
export class PointsAccrualRequest {
  @ApiProperty({
    description: 'Caller key; a second accrual with it is answered 409 DUPLICATE_REFERENCE',
    example: 'ORD-1001-accrual',
  })
  @IsString()
  @Length(1, 64)
  reference!: string;

  @ApiProperty({ example: 120 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  points!: number;

  @ApiPropertyOptional({ example: 'ORD-1001' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  orderReference?: string;
}

/** The body of `POST /members/{memberNumber}/redemptions`. */
export class PointsRedemptionRequest {
  @ApiProperty({
    description: 'Caller key; a second redemption with it is answered 409 DUPLICATE_REFERENCE',
    example: 'ORD-1001-redeem',
  })
  @IsString()
  @Length(1, 64)
  reference!: string;

  @ApiProperty({ example: 500 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  points!: number;
}

/** The body of `POST /accruals/{accrualReference}/reversals`. */
export class AccrualReversalRequest {
  @ApiProperty({
    description: 'Caller key; a second reversal with it is answered 409 DUPLICATE_REFERENCE',
    example: 'RET-1001-reversal',
  })
  @IsString()
  @Length(1, 64)
  reference!: string;

  @ApiProperty({
    example: 60,
    description: 'Points to take back; at most what the accrual has left unreversed',
  })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  points!: number;
}
