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
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SKU_PATTERN, STORE_ID_PATTERN } from '../identifiers';

/** Kinds of ERP document a business event produces. */
export const POSTING_KINDS = ['SALE', 'DEMAND', 'CREDIT_MEMO', 'POINTS_LIABILITY'] as const;
export type PostingKind = (typeof POSTING_KINDS)[number];

/** A posting's id, and the reference to the posting it consumes or reverses. */
export const POSTING_ID_PATTERN = /^[A-Za-z0-9_-]{8,40}$/;

/** What one ERP document may hold: lines per document, and units and net amount per line (either sign). */
export const POSTING_MAX_LINES = 200;
export const POSTING_LINE_MAX_QUANTITY = 9_999;
export const POSTING_LINE_MAX_AMOUNT_MINOR = 100_000_000;

export class PostingLineDto {
  @ApiProperty({ example: '27023702', pattern: SKU_PATTERN.source, maxLength: 20 })
  @IsString()
  @Matches(SKU_PATTERN)
  sku!: string;

  @ApiProperty({ example: 2, minimum: -POSTING_LINE_MAX_QUANTITY, maximum: POSTING_LINE_MAX_QUANTITY })
  @IsInt()
  @Min(-POSTING_LINE_MAX_QUANTITY)
  @Max(POSTING_LINE_MAX_QUANTITY)
  quantity!: number;

  @ApiProperty({
    example: 2598,
    minimum: -POSTING_LINE_MAX_AMOUNT_MINOR,
    maximum: POSTING_LINE_MAX_AMOUNT_MINOR,
    description: 'Net amount of the line in minor units',
  })
  @IsInt()
  @Min(-POSTING_LINE_MAX_AMOUNT_MINOR)
  @Max(POSTING_LINE_MAX_AMOUNT_MINOR)
  netAmountMinor!: number;
}

/** system-erp's posting request: one ERP document, created at most once per postingId. */
export class CreatePostingDto {
  @ApiProperty({
    example: 'pst_01JD2X8K4Q',
    pattern: POSTING_ID_PATTERN.source,
    maxLength: 40,
    description:
      'Our id for the posting; the ERP keeps it as its external reference, so a posting lands at most once',
  })
  @IsString()
  @Matches(POSTING_ID_PATTERN)
  postingId!: string;

  @ApiProperty({ enum: POSTING_KINDS })
  @IsIn(POSTING_KINDS)
  kind!: PostingKind;

  @ApiProperty({ example: 'ST-6930', pattern: STORE_ID_PATTERN.source, maxLength: 20 })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiProperty({ example: 'USD', pattern: '^[A-Z]{3}$', maxLength: 3 })
  @IsString()
  @Matches(/^[A-Z]{3}$/)
  currency!: string;

  @ApiProperty({ example: '2026-11-23T09:30:00.000Z', format: 'date-time', maxLength: 35 })
  @IsISO8601({ strict: true })
  @MaxLength(35)
  occurredAt!: string;

  @ApiPropertyOptional({
    example: 'demand_po_x1Y2z3',
    pattern: POSTING_ID_PATTERN.source,
    maxLength: 40,
    description:
      'The posting this document consumes (a SALE its DEMAND) or reverses, by postingId; the ERP links the two documents',
  })
  @IsOptional()
  @IsString()
  @Matches(POSTING_ID_PATTERN)
  reference?: string;

  @ApiProperty({ type: [PostingLineDto], minItems: 1, maxItems: POSTING_MAX_LINES })
  // ValidateNested validates the items of nested arrays too: a line that is itself an array would pass.
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => PostingLineDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(POSTING_MAX_LINES)
  lines!: PostingLineDto[];
}

/** The ERP document created (or found already created) for a posting. */
export class PostingReceipt {
  @ApiProperty({ example: 'pst_01JD2X8K4Q', maxLength: 40 })
  postingId!: string;

  @ApiProperty({
    example: '9012345678',
    maxLength: 10,
    description: "The ERP document number (the ERP's 10-character field)",
  })
  erpDocumentId!: string;

  @ApiProperty({
    description: 'True when the ERP already held a document for this posting (an earlier attempt landed)',
  })
  alreadyPosted!: boolean;
}
