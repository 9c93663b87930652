import { ApiProperty } from '@nestjs/swagger';

// Ids the loyalty platform mints are at most 40 characters (as REDEMPTION_ID_PATTERN accepts them back).

/** One movement of points on a member's account. */
export class LoyaltyActivity {
  @ApiProperty({ example: 'TX-8F2K1', maxLength: 40 })
  activityId!: string;

  @ApiProperty({ enum: ['ACCRUAL', 'REDEMPTION', 'REDEMPTION_CANCEL'] })
  kind!: string;

  @ApiProperty({ example: 120 })
  points!: number;

  @ApiProperty({ example: '2026-11-20T17:04:00.000Z', format: 'date-time', maxLength: 35 })
  occurredAt!: string;
}

/** A loyalty member's account: balance and recent activity. No name, email or full card number. */
export class LoyaltyAccount {
  @ApiProperty({ example: '6042685219730', maxLength: 13 })
  memberId!: string;

  @ApiProperty({ enum: ['BASE', 'SILVER', 'GOLD'] })
  tier!: string;

  @ApiProperty({ enum: ['ACTIVE', 'SUSPENDED'] })
  status!: string;

  @ApiProperty({ example: 5400, description: 'Points the member can redeem now' })
  availablePoints!: number;

  @ApiProperty({ example: 300, description: 'Points accrued but not yet confirmed' })
  pendingPoints!: number;

  @ApiProperty({
    type: [LoyaltyActivity],
    maxItems: 100,
    description:
      'The latest movements, as many as MEMBER_RECENT_ACTIVITY (at most 100) asks the platform for',
  })
  recentActivity!: LoyaltyActivity[];
}
