import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MEMBER_ID_PATTERN, Money, SKU_PATTERN, STORE_ID_PATTERN } from '@omnigate/contracts';
import { PICKUP_ORDER_PROCESS, type PickupOrderState } from './pickup-order.process';

const ORDER_ID_PATTERN = /^po_[A-Za-z0-9_-]{10,40}$/;
const STATES = Object.keys(PICKUP_ORDER_PROCESS);

export class PickupOrderLineDto {
  @ApiProperty({ example: '40213377' })
  @IsString() @Matches(SKU_PATTERN)
  sku!: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 20 })
  @IsInt() @Min(1) @Max(20)
  quantity!: number;
}

export class PlacePickupOrderDto {
  @ApiProperty({ example: 'ST-4821', description: 'The store the customer collects from' })
  @IsString() @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiPropertyOptional({ example: '6041234567890', description: 'Loyalty member placing the order' })
  @IsOptional() @IsString() @Matches(MEMBER_ID_PATTERN)
  memberId?: string;

  @ApiProperty({ type: [PickupOrderLineDto], minItems: 1, maxItems: 50 })
  @ValidateNested({ each: true }) @Type(() => PickupOrderLineDto)
  @ArrayMinSize(1) @ArrayMaxSize(50)
  lines!: PickupOrderLineDto[];

  @ApiPropertyOptional({ example: 500, minimum: 0, maximum: 1_000_000, description: 'Points to redeem against the order; held until collection' })
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000)
  redeemPoints?: number;
}

export class PickupOrderParams {
  @ApiProperty({ example: 'po_8Qm3xT0aLk2VbN7c' })
  @IsString() @Matches(ORDER_ID_PATTERN)
  orderId!: string;
}

export class StoreActionDto {
  @ApiProperty({ example: 'ST-4821', description: 'The store acting on the order; must be the order\'s store' })
  @IsString() @Matches(STORE_ID_PATTERN)
  storeId!: string;
}

export class PricedLineView {
  @ApiProperty() sku!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ type: Money }) unitPrice!: Money;
  @ApiProperty({ type: Money }) lineTotal!: Money;
}

export class TimelineEntryView {
  @ApiProperty({ example: 'stock-reserved' }) step!: string;
  @ApiProperty({ example: '2026-11-23T09:30:00.000Z' }) at!: string;
  @ApiProperty({ enum: ['done', 'failed', 'compensated'] }) outcome!: string;
  @ApiProperty({ example: { reservationId: 'RS0000012345' }, description: 'Backend document ids and figures of the step' })
  detail!: Record<string, unknown>;
}

export class PostingView {
  @ApiProperty() postingId!: string;
  @ApiProperty({ enum: ['SALE', 'DEMAND', 'CREDIT_MEMO', 'POINTS_LIABILITY'] }) kind!: string;
  @ApiProperty({ enum: ['pending', 'posted', 'dead'] }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) erpDocumentId!: string | null;
}

export class PickupOrderView {
  @ApiProperty({ example: 'po_8Qm3xT0aLk2VbN7c' }) orderId!: string;
  @ApiProperty({ enum: STATES }) state!: PickupOrderState;
  @ApiProperty() storeId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) memberId!: string | null;
  @ApiProperty({ type: [PricedLineView] }) lines!: PricedLineView[];
  @ApiProperty({ type: Money }) subtotal!: Money;
  @ApiProperty({ example: 500 }) pointsRedeemed!: number;
  @ApiProperty({ type: Money, description: 'Subtotal less the value of the redeemed points' }) total!: Money;
  @ApiProperty({ description: 'Collect by; afterwards the order expires and its stock and points are released' }) pickupExpiresAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) omsOrderId!: string | null;
  @ApiProperty({ type: [TimelineEntryView] }) timeline!: TimelineEntryView[];
  @ApiProperty({ type: [PostingView] }) postings!: PostingView[];
}

export class PointsHoldView {
  @ApiProperty({ description: 'The loyalty redemption that holds the points' }) holdId!: string;
  @ApiProperty() orderId!: string;
  @ApiProperty() points!: number;
  @ApiProperty() createdAt!: string;
}

export class PointsHoldsView {
  @ApiProperty({ type: [PointsHoldView] }) holds!: PointsHoldView[];
}

export class MemberParams {
  @ApiProperty({ example: '6041234567890' })
  @IsString() @Matches(MEMBER_ID_PATTERN)
  memberId!: string;
}
