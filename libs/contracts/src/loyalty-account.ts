import { ApiProperty } from '@nestjs/swagger';

/** One movement of points on a member's account. */
export class LoyaltyActivity {
  @ApiProperty({ example: 'TX-8F2K1' })
  activityId!: string;

  @ApiProperty({ enum: ['ACCRUAL', 'REDEMPTION', 'REDEMPTION_CANCEL'] })
  kind!: string;

  @ApiProperty({ example: 120 })
  points!: number;

  @ApiProperty({ example: '2026-11-20T17:04:00.000Z' })
  occurredAt!: string;
}

/** A loyalty member's account: balance and recent activity. No name, email or full card number. */
export class LoyaltyAccount {
  @ApiProperty({ example: '6042685219730' })
  memberId!: string;

  @ApiProperty({ enum: ['BASE', 'SILVER', 'GOLD'] })
  tier!: string;

  @ApiProperty({ enum: ['ACTIVE', 'SUSPENDED'] })
  status!: string;

  @ApiProperty({ example: 5400, description: 'Points the member can redeem now' })
  availablePoints!: number;

  @ApiProperty({ example: 300, description: 'Points accrued but not yet confirmed' })
  pendingPoints!: number;

  @ApiProperty({ type: [LoyaltyActivity] })
  recentActivity!: LoyaltyActivity[];
}
