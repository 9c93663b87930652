import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Matches } from 'class-validator';
import { POINTS_REFERENCE_PATTERN } from './points-movement';

const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

/** Most references one loyalty ledger lookup may name. */
export const MAX_REFERENCES_PER_LOOKUP = 100;

/** What a points movement did to a member's account. */
export const LOYALTY_TRANSACTION_KINDS = [
  'accrual',
  'accrual-reversal',
  'redemption',
  'redemption-cancel',
] as const;
export type LoyaltyTransactionKind = (typeof LOYALTY_TRANSACTION_KINDS)[number];

/** One entry of the loyalty platform's ledger, as system-loyalty reads it back. */
export class LoyaltyTransactionDto {
  @ApiProperty({ example: 'TX000123456789', maxLength: 64 })
  transactionId!: string;

  @ApiProperty({ example: '6042685219730', maxLength: 64 })
  memberId!: string;

  @ApiProperty({ enum: LOYALTY_TRANSACTION_KINDS })
  kind!: LoyaltyTransactionKind;

  @ApiProperty({ example: 120, description: 'Always positive; kind gives the direction' })
  points!: number;

  @ApiProperty({
    example: 'accrual-sale_x1Y2z3',
    description: "The caller's reference the movement was booked under",
    maxLength: 64,
  })
  reference!: string;

  @ApiPropertyOptional({
    example: 'accrual-sale_x1Y2z3',
    description: 'An accrual reversal: the accrual it takes back',
    maxLength: 64,
  })
  accrualReference?: string;

  @ApiProperty({ example: '2026-11-30T09:30:00.000Z', maxLength: 30 })
  occurredAt!: string;
}

export class LoyaltyTransactionsDto {
  @ApiProperty({ type: [LoyaltyTransactionDto], maxItems: 10_000 })
  transactions!: LoyaltyTransactionDto[];
}

export class LoyaltyTransactionsQuery {
  @ApiProperty({
    description: `Comma-separated references, at most ${MAX_REFERENCES_PER_LOOKUP}`,
    example: 'accrual-sale_x1Y2z3,points-refund-ret_a1',
    type: String,
    maxLength: MAX_REFERENCES_PER_LOOKUP * 65 - 1,
  })
  @Transform(commaList)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_REFERENCES_PER_LOOKUP)
  @Matches(POINTS_REFERENCE_PATTERN, { each: true })
  references!: string[];
}
