import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SKU_PATTERN, STORE_ID_PATTERN } from '../identifiers';

/** Kinds of ERP document a business event produces. */
export const POSTING_KINDS = ['SALE', 'DEMAND', 'CREDIT_MEMO', 'POINTS_LIABILITY'] as const;
export type PostingKind = (typeof POSTING_KINDS)[number];

export class PostingLineDto {
  @ApiProperty({ example: '27023702' })
  @IsString() @Matches(SKU_PATTERN)
  sku!: string;

  @ApiProperty({ example: 2, minimum: -9999, maximum: 9999 })
  @IsInt() @Min(-9_999) @Max(9_999)
  quantity!: number;

  @ApiProperty({ example: 2598, description: 'Net amount of the line in minor units' })
  @IsInt() @Min(-100_000_000) @Max(100_000_000)
  netAmountMinor!: number;
}

/** system-erp's posting request: one ERP document, created at most once per postingId. */
export class CreatePostingDto {
  @ApiProperty({ example: 'pst_01JD2X8K4Q', description: 'Our id for the posting; the ERP keeps it as its external reference, so a posting lands at most once' })
  @IsString() @Matches(/^[A-Za-z0-9_-]{8,40}$/)
  postingId!: string;

  @ApiProperty({ enum: POSTING_KINDS })
  @IsIn(POSTING_KINDS)
  kind!: PostingKind;

  @ApiProperty({ example: 'ST-6930' })
  @IsString() @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiProperty({ example: 'USD' })
  @IsString() @Matches(/^[A-Z]{3}$/)
  currency!: string;

  @ApiProperty({ example: '2026-11-23T09:30:00.000Z' })
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @ApiPropertyOptional({
    example: 'demand_po_x1Y2z3',
    description: 'The posting this document consumes (a SALE its DEMAND) or reverses, by postingId; the ERP links the two documents',
  })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{8,40}$/)
  reference?: string;

  @ApiProperty({ type: [PostingLineDto] })
  // ValidateNested validates the items of nested arrays too: a line that is itself an array would pass.
  @ValidateNested({ each: true }) @IsObject({ each: true }) @Type(() => PostingLineDto)
  @ArrayMinSize(1) @ArrayMaxSize(200)
  lines!: PostingLineDto[];
}

/** The ERP document created (or found already created) for a posting. */
export class PostingReceipt {
  @ApiProperty({ example: 'pst_01JD2X8K4Q' })
  postingId!: string;

  @ApiProperty({ example: '9012345678', description: 'The ERP document number' })
  erpDocumentId!: string;

  @ApiProperty({ description: 'True when the ERP already held a document for this posting (an earlier attempt landed)' })
  alreadyPosted!: boolean;
}
