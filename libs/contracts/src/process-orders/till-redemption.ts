import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { MEMBER_ID_PATTERN, STORE_ID_PATTERN } from '../identifiers';
import { Money } from '../money';
import { PostingView, TimelineEntryView } from './pickup-order';
import { REGISTER_ID_PATTERN } from './store-sale';
import { MAX_POINTS_PER_MOVEMENT } from '../system-loyalty/points-movement';

/** The states of a till redemption: the one list of them. AUTHORIZING lasts while the points are being held. */
export const TILL_REDEMPTION_STATES = ['AUTHORIZING', 'AUTHORIZED', 'CAPTURED', 'VOIDED', 'EXPIRED'] as const;
export type TillRedemptionState = (typeof TILL_REDEMPTION_STATES)[number];

/** A till redemption's id: opaque, as a store sale names it (`redemptionId`). */
export const TILL_REDEMPTION_ID_PATTERN = /^rdm_[A-Za-z0-9_-]{10,40}$/;

/** A caller's own reference of a redemption (a basket or receipt number), kept for operators. */
export const TILL_REDEMPTION_REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** Authorize: hold a member's points at a store's till until the sale completes (capture) or is cancelled (void). */
export class AuthorizeTillRedemptionDto {
  @ApiProperty({ example: 'ST-6930', maxLength: 20, pattern: STORE_ID_PATTERN.source })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiPropertyOptional({ example: 'R01', maxLength: 20, pattern: REGISTER_ID_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(REGISTER_ID_PATTERN)
  registerId?: string;

  @ApiProperty({ example: '6042685219730', maxLength: 13, pattern: MEMBER_ID_PATTERN.source })
  @IsString()
  @Matches(MEMBER_ID_PATTERN)
  memberId!: string;

  @ApiProperty({ example: 500, minimum: 1, maximum: MAX_POINTS_PER_MOVEMENT })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS_PER_MOVEMENT)
  points!: number;

  @ApiPropertyOptional({
    example: 'basket-20261130-0042',
    maxLength: 64,
    pattern: TILL_REDEMPTION_REFERENCE_PATTERN.source,
    description: "The till's own reference of the checkout",
  })
  @IsOptional()
  @IsString()
  @Matches(TILL_REDEMPTION_REFERENCE_PATTERN)
  reference?: string;

  @ApiPropertyOptional({
    example: 'ST-6930:R01:000123',
    maxLength: 64,
    pattern: TILL_REDEMPTION_REFERENCE_PATTERN.source,
    description: 'The sale (store:register:sequence) the points pay for, when the till knows it already',
  })
  @IsOptional()
  @IsString()
  @Matches(TILL_REDEMPTION_REFERENCE_PATTERN)
  saleKey?: string;
}

export class TillRedemptionParams {
  @ApiProperty({ example: 'rdm_8Qm3xT0aLk2VbN7c', maxLength: 44, pattern: TILL_REDEMPTION_ID_PATTERN.source })
  @IsString()
  @Matches(TILL_REDEMPTION_ID_PATTERN)
  redemptionId!: string;
}

/** A till redemption as callers see it: state, points and their value, expiry, timeline and ERP postings. */
export class TillRedemptionView {
  @ApiProperty({ example: 'rdm_8Qm3xT0aLk2VbN7c', maxLength: 44 }) redemptionId!: string;
  @ApiProperty({ enum: TILL_REDEMPTION_STATES }) state!: TillRedemptionState;
  @ApiProperty({ maxLength: 20 }) storeId!: string;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 20 }) registerId!: string | null;
  @ApiProperty({ maxLength: 13 }) memberId!: string;
  @ApiProperty({ example: 500 }) points!: number;
  @ApiProperty({ type: Money, description: 'What the points are worth at the till' }) value!: Money;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 64 }) reference!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 64 }) saleKey!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    maxLength: 30,
    description: 'Capture by; afterwards the hold expires and the points go back to the member',
  })
  expiresAt!: string | null;
  @ApiProperty({ type: [TimelineEntryView], maxItems: 100 }) timeline!: TimelineEntryView[];
  @ApiProperty({ type: [PostingView], maxItems: 10 }) postings!: PostingView[];
}

/** Capture or void: the store acting, which must be the redemption's store. */
export class TillRedemptionActionDto {
  @ApiProperty({
    example: 'ST-6930',
    maxLength: 20,
    pattern: STORE_ID_PATTERN.source,
    description: "The store acting on the redemption; must be the redemption's store",
  })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;
}
