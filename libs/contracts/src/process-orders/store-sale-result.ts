import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsOptional, Matches } from 'class-validator';
import { STORE_ID_PATTERN } from '../identifiers';
import { PostingView, TimelineEntryView } from './pickup-order';
import { BUSINESS_DATE_PATTERN, MAX_SALES_PER_BATCH, REGISTER_ID_PATTERN, StoreSaleDto } from './store-sale';

/** A store sale's id: opaque, minted by process-orders when it accepts the sale. */
export const STORE_SALE_ID_PATTERN = /^sale_[A-Za-z0-9_-]{10,40}$/;

/** How one sale of a batch was answered. */
export const SALE_OUTCOMES = ['accepted', 'duplicate', 'refused'] as const;
export type SaleOutcome = (typeof SALE_OUTCOMES)[number];

/**
 * A batch of sales as the till sends it: one sale, or an offline backlog. Only the envelope is
 * checked as a whole; each sale is checked on its own, so one bad sale never sinks the batch.
 */
export class StoreSalesBatchDto {
  @ApiProperty({
    type: [StoreSaleDto],
    minItems: 1,
    maxItems: MAX_SALES_PER_BATCH,
    description: 'Checked one by one: a sale that breaks the rules is refused alone',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SALES_PER_BATCH)
  @IsObject({ each: true })
  sales!: Record<string, unknown>[];
}

/** Why one sale was refused, as a problem document would say it. */
export class SaleProblemDto {
  @ApiProperty({
    example: 'sale-key-conflict',
    maxLength: 60,
    description:
      'Stable slug: sale-invalid, sale-tenders-mismatch, sale-line-numbers-repeated, sale-promotion-exceeds-line, sale-discount-exceeds-total, sale-points-tender-invalid, sale-points-need-member, sale-line-too-large, sale-key-conflict, sale-of-another-store, sale-of-another-register',
  })
  type!: string;

  @ApiProperty({ example: 'Another sale was already accepted under this key', maxLength: 200 })
  title!: string;

  @ApiProperty({
    example:
      'ST-6930:R01:1042 is taken by a sale with different content; the submission is kept for operators',
    maxLength: 2000,
  })
  detail!: string;
}

/** The answer for one sale of a batch, in the order the batch listed them. */
export class StoreSaleResultDto {
  @ApiProperty({
    example: 'ST-6930:R01:1042',
    maxLength: 52,
    description: 'The sale key (store:register:sequence); empty when the sale was too malformed to have one',
  })
  saleKey!: string;

  @ApiProperty({
    enum: SALE_OUTCOMES,
    description:
      'accepted now; duplicate: accepted before, identical (saleId is the first one); refused: see problem',
  })
  outcome!: SaleOutcome;

  @ApiPropertyOptional({
    example: 'sale_8Qm3xT0aLk2VbN7cR1',
    maxLength: 45,
    description: 'accepted and duplicate only',
  })
  saleId?: string;

  @ApiPropertyOptional({ type: SaleProblemDto, description: 'refused only' })
  problem?: SaleProblemDto;
}

export class StoreSalesBatchResultDto {
  @ApiProperty({
    type: [StoreSaleResultDto],
    maxItems: MAX_SALES_PER_BATCH,
    description: 'One per sale sent, in the order sent',
  })
  results!: StoreSaleResultDto[];
}

/** A sale submitted under a key already taken by another sale: kept for operators to settle with the store. */
export class SaleConflictView {
  @ApiProperty({ example: 'ST-6930:R01:1042', maxLength: 52 })
  saleKey!: string;

  @ApiProperty({
    example: 'sale_8Qm3xT0aLk2VbN7cR1',
    maxLength: 45,
    description: 'The sale accepted under the key',
  })
  acceptedSaleId!: string;

  @ApiProperty({ type: StoreSaleDto, description: 'The refused submission, as sent' })
  submitted!: StoreSaleDto;

  @ApiProperty({ example: '2026-11-23T09:31:00.000Z', format: 'date-time', maxLength: 30 })
  receivedAt!: string;
}

/** The most conflicts one answer lists, newest first. */
export const SALE_CONFLICTS_LISTED = 500;

export class SaleConflictsView {
  @ApiProperty({ type: [SaleConflictView], maxItems: SALE_CONFLICTS_LISTED })
  conflicts!: SaleConflictView[];
}

/** Sequences of a register that no accepted sale carries, between its lowest and highest accepted one. */
export class SequenceGapView {
  @ApiProperty({ example: 1043 })
  fromSequence!: number;

  @ApiProperty({ example: 1045 })
  toSequence!: number;

  @ApiProperty({ example: 3 })
  missing!: number;
}

export class RegisterSequenceGapsView {
  @ApiProperty({ example: 'ST-6930', maxLength: 20 })
  storeId!: string;

  @ApiProperty({ example: 'R01', maxLength: 20 })
  registerId!: string;

  @ApiPropertyOptional({
    example: '2026-11-23',
    maxLength: 10,
    description: 'When asked for one business date',
  })
  businessDate?: string;

  @ApiProperty({ example: 120, description: 'Accepted sales counted' })
  acceptedSales!: number;

  @ApiPropertyOptional({ example: 1001, description: 'Lowest accepted sequence; absent when none' })
  firstSequence?: number;

  @ApiPropertyOptional({ example: 1122 })
  lastSequence?: number;

  @ApiProperty({ type: [SequenceGapView], maxItems: 1000, description: 'The first 1,000 gaps' })
  gaps!: SequenceGapView[];
}

/** The business date to narrow a register's gaps to. */
export class SequenceGapsQuery {
  @ApiPropertyOptional({ example: '2026-11-23', pattern: BUSINESS_DATE_PATTERN.source, maxLength: 10 })
  @IsOptional()
  @Matches(BUSINESS_DATE_PATTERN)
  businessDate?: string;
}

/** A sale line as posted: after its promotions and its share of the order discount. */
export class NetSaleLineView {
  @ApiProperty({ example: 1 }) lineNumber!: number;
  @ApiProperty({ example: '27023702', maxLength: 20 }) sku!: string;
  @ApiProperty({ example: 2 }) quantity!: number;
  @ApiProperty({ example: 2298 }) netAmountMinor!: number;
}

/** An accepted store sale: the sale as accepted, its net lines, timeline and ERP postings. */
export class StoreSaleView {
  @ApiProperty({ example: 'sale_8Qm3xT0aLk2VbN7cR1', maxLength: 45 }) saleId!: string;
  @ApiProperty({ example: 'ST-6930:R01:1042', maxLength: 52 }) saleKey!: string;
  @ApiProperty({ enum: ['ACCEPTED', 'POSTING_SCHEDULED', 'IN_JOURNAL'] }) state!: string;
  @ApiProperty({ type: StoreSaleDto }) sale!: StoreSaleDto;
  @ApiProperty({ type: [NetSaleLineView], maxItems: 200 }) netLines!: NetSaleLineView[];
  @ApiProperty({ example: 2298 }) totalMinor!: number;
  @ApiPropertyOptional({
    example: 'jrn_Xq2m8Lk0aTn4VbC7e1Rz',
    maxLength: 44,
    description: 'daily-journal mode: the journal that posts the sale',
  })
  journalId?: string;
  @ApiPropertyOptional({ example: 22 }) accruedPoints?: number;
  @ApiProperty({ type: [TimelineEntryView], maxItems: 100 }) timeline!: TimelineEntryView[];
  @ApiProperty({
    type: [PostingView],
    maxItems: 10,
    description:
      "The SALE document that posts the sale: its own (per-sale mode), or its journal's (daily-journal mode)",
  })
  postings!: PostingView[];
}

/** A summarized SALE journal of a store, business date and currency (daily-journal mode). */
export class SalesJournalView {
  @ApiProperty({ example: 'jrn_Xq2m8Lk0aTn4VbC7e1Rz', maxLength: 44 }) journalId!: string;
  @ApiProperty({ enum: ['OPEN', 'CLOSED'] }) state!: string;
  @ApiProperty({ example: 'ST-6930', maxLength: 20 }) storeId!: string;
  @ApiProperty({ example: '2026-11-23', maxLength: 10 }) businessDate!: string;
  @ApiProperty({ example: 'USD', maxLength: 3 }) currency!: string;
  @ApiProperty({
    example: 1,
    description: "1 for the date's journal; 2 and on for follow-ups of sales that arrived after it closed",
  })
  part!: number;
  @ApiProperty({ example: '2026-11-24T02:00:00.000Z', format: 'date-time', maxLength: 30 }) closesAt!: string;
  @ApiPropertyOptional({ example: 312, description: 'Once closed' }) saleCount?: number;
  @ApiPropertyOptional({ example: 1843200, description: 'Once closed' }) totalMinor?: number;
  @ApiProperty({ type: [PostingView], maxItems: 10 }) postings!: PostingView[];
}

export class SalesJournalsView {
  @ApiProperty({ type: [SalesJournalView], maxItems: 500, description: 'The newest 500' })
  journals!: SalesJournalView[];
}

/** Which journals to list. */
export class SalesJournalsQuery {
  @ApiProperty({ example: 'ST-6930', pattern: STORE_ID_PATTERN.source, maxLength: 20 })
  @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiPropertyOptional({ example: '2026-11-23', pattern: BUSINESS_DATE_PATTERN.source, maxLength: 10 })
  @IsOptional()
  @Matches(BUSINESS_DATE_PATTERN)
  businessDate?: string;
}

/** Which conflicts to list. */
export class SaleConflictsQuery {
  @ApiPropertyOptional({ example: 'ST-6930', pattern: STORE_ID_PATTERN.source, maxLength: 20 })
  @IsOptional()
  @Matches(STORE_ID_PATTERN)
  storeId?: string;
}

/** A register of a store. */
export class RegisterParams {
  @ApiProperty({ example: 'ST-6930', pattern: STORE_ID_PATTERN.source, maxLength: 20 })
  @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiProperty({ example: 'R01', pattern: REGISTER_ID_PATTERN.source, maxLength: 20 })
  @Matches(REGISTER_ID_PATTERN)
  registerId!: string;
}

export class StoreSaleParams {
  @ApiProperty({ example: 'sale_8Qm3xT0aLk2VbN7cR1', pattern: STORE_SALE_ID_PATTERN.source, maxLength: 45 })
  @Matches(STORE_SALE_ID_PATTERN)
  saleId!: string;
}
