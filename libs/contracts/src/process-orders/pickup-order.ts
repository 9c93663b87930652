import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MEMBER_ID_PATTERN, SKU_PATTERN, STORE_ID_PATTERN } from '../identifiers';
import { Money } from '../money';

/** An order id Omnigate issued: opaque, never sequential. */
export const PICKUP_ORDER_ID_PATTERN = /^po_[A-Za-z0-9_-]{10,40}$/;

/** The life of a pickup order (buy online, pick up in store). */
export const PICKUP_ORDER_STATES = [
  'PLACED',
  'RESERVED',
  'READY_FOR_PICKUP',
  'COLLECTED',
  'EXPIRED',
  'CANCELLED',
] as const;
export type PickupOrderState = (typeof PICKUP_ORDER_STATES)[number];

export class PickupOrderLineDto {
  @ApiProperty({ example: '27023702', maxLength: 20, pattern: SKU_PATTERN.source })
  @IsString()
  @Matches(SKU_PATTERN)
  sku!: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: 20 })
  @IsInt()
  @Min(1)
  @Max(20)
  quantity!: number;
}

/** A channel's request to place a pickup order. */
export class PlacePickupOrderDto {
  @ApiProperty({
    example: 'ST-6930',
    description: 'The store the customer collects from',
    maxLength: 20,
    pattern: STORE_ID_PATTERN.source,
  })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiPropertyOptional({
    example: '6042685219730',
    description: 'Loyalty member placing the order',
    maxLength: 13,
    pattern: MEMBER_ID_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(MEMBER_ID_PATTERN)
  memberId?: string;

  @ApiProperty({ type: [PickupOrderLineDto], minItems: 1, maxItems: 50 })
  // ValidateNested validates the items of nested arrays too: a line that is itself an array would pass.
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => PickupOrderLineDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  lines!: PickupOrderLineDto[];

  @ApiPropertyOptional({
    example: 500,
    minimum: 0,
    maximum: 1_000_000,
    description: 'Points to redeem against the order; held until collection',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  redeemPoints?: number;
}

export class StoreActionDto {
  @ApiProperty({
    example: 'ST-6930',
    description: "The store acting on the order; must be the order's store",
    maxLength: 20,
  })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;
}

export class PricedLineView {
  @ApiProperty({ maxLength: 20 }) sku!: string;
  @ApiProperty({ minimum: 1, maximum: 20 }) quantity!: number;
  @ApiProperty({ type: Money }) unitPrice!: Money;
  @ApiProperty({ type: Money }) lineTotal!: Money;
}

export class TimelineEntryView {
  @ApiProperty({ example: 'stock-reserved', maxLength: 60 }) step!: string;
  @ApiProperty({ example: '2026-11-23T09:30:00.000Z', format: 'date-time', maxLength: 30 }) at!: string;
  @ApiProperty({ enum: ['done', 'failed', 'compensated'] }) outcome!: string;
  @ApiProperty({
    example: { reservationId: 'RS0000012345' },
    description: 'Backend document ids and figures of the step',
  })
  detail!: Record<string, unknown>;
}

export class PostingView {
  @ApiProperty({ maxLength: 40 }) postingId!: string;
  @ApiProperty({ enum: ['SALE', 'DEMAND', 'CREDIT_MEMO', 'POINTS_LIABILITY'] }) kind!: string;
  @ApiProperty({
    enum: ['pending', 'posted', 'dead', 'void'],
    description:
      'void: withdrawn before it reached the ERP (a cancelled order whose DEMAND was still waiting)',
  })
  status!: string;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 20 }) erpDocumentId!: string | null;
}

/** A pickup order as channels see it: state, priced lines, timeline and ERP postings. */
export class PickupOrderView {
  @ApiProperty({ example: 'po_8Qm3xT0aLk2VbN7c', maxLength: 43 }) orderId!: string;
  @ApiProperty({ enum: PICKUP_ORDER_STATES }) state!: PickupOrderState;
  @ApiProperty({ maxLength: 20 }) storeId!: string;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 13 }) memberId!: string | null;
  @ApiProperty({ type: [PricedLineView], maxItems: 50 }) lines!: PricedLineView[];
  @ApiProperty({ type: Money }) subtotal!: Money;
  @ApiProperty({ example: 500 }) pointsRedeemed!: number;
  @ApiProperty({ type: Money, description: 'Subtotal less the value of the redeemed points' }) total!: Money;
  @ApiProperty({
    description: 'Collect by; afterwards the order expires and its stock and points are released',
    format: 'date-time',
    maxLength: 30,
  })
  pickupExpiresAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 20 }) omsOrderId!: string | null;
  @ApiProperty({ type: [TimelineEntryView], maxItems: 100 }) timeline!: TimelineEntryView[];
  @ApiProperty({ type: [PostingView], maxItems: 10 }) postings!: PostingView[];
}

/**
 * The capability to a guest order (placed without a loyalty member): handed to the placing channel
 * once, in the placement answer, and asked for on every read and cancel of the order.
 */
export const ORDER_ACCESS_TOKEN_PATTERN = /^pot_[A-Za-z0-9_-]{43}$/;

/** The header a channel presents a guest order's access token in. */
export const ORDER_ACCESS_TOKEN_HEADER = 'x-order-access-token';

/** The placement answer: the order, and for a guest order its access token. */
export class PlacedPickupOrderView extends PickupOrderView {
  @ApiPropertyOptional({
    example: 'pot_9dGq0v3JrU1mZb6yN2cXkQ8wT4aLs7hEoPiFjRuV5nM',
    pattern: ORDER_ACCESS_TOKEN_PATTERN.source,
    maxLength: 47,
    description:
      'Guest orders only (no memberId), and only in this answer (a replay of the same Idempotency-Key answers it again): ' +
      'send it as X-Order-Access-Token to read or cancel the order. It is not stored in readable form; a lost token cannot be shown again.',
  })
  accessToken?: string;
}

export class PointsHoldView {
  @ApiProperty({ description: 'The loyalty redemption that holds the points', maxLength: 40 })
  holdId!: string;
  @ApiProperty({ maxLength: 43 }) orderId!: string;
  @ApiProperty({ minimum: 0 }) points!: number;
  @ApiProperty({ format: 'date-time', maxLength: 30 }) createdAt!: string;
}

export class PointsHoldsView {
  @ApiProperty({ type: [PointsHoldView], maxItems: 100 }) holds!: PointsHoldView[];
}
