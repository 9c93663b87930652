import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Matches } from 'class-validator';
import { POSTING_KINDS, PostingLineDto, type PostingKind } from './posting';

const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

/** Most posting ids one ERP document lookup may name. */
export const MAX_POSTING_IDS_PER_LOOKUP = 100;

/** A document the ERP holds, as system-erp reads it back: what reconciliation compares with the posting ledger. */
export class ErpDocumentDto {
  @ApiProperty({ example: '9012345678', description: 'The ERP document number', maxLength: 40 })
  erpDocumentId!: string;

  @ApiProperty({
    example: 'sale_sale_x1Y2z3',
    description: 'The external reference the document was posted under: our posting id',
    maxLength: 40,
  })
  postingId!: string;

  @ApiProperty({ enum: POSTING_KINDS })
  kind!: PostingKind;

  @ApiProperty({ example: 'ST-6930', maxLength: 20 })
  storeId!: string;

  @ApiProperty({ example: 'USD', minLength: 3, maxLength: 3 })
  currency!: string;

  @ApiProperty({ example: '2026-11-30T09:30:00.000Z', maxLength: 30 })
  documentDate!: string;

  @ApiProperty({ example: 2598, description: 'Sum of the lines, minor units' })
  totalMinor!: number;

  @ApiProperty({ type: [PostingLineDto], maxItems: 200 })
  lines!: PostingLineDto[];

  @ApiPropertyOptional({
    example: 'demand_po_x1Y2z3',
    description: 'The posting this document consumes or reverses',
    maxLength: 40,
  })
  reference?: string;
}

export class ErpDocumentsDto {
  @ApiProperty({ type: [ErpDocumentDto], maxItems: 10_000 })
  documents!: ErpDocumentDto[];
}

export class ErpDocumentsByPostingQuery {
  @ApiProperty({
    description: `Comma-separated posting ids, at most ${MAX_POSTING_IDS_PER_LOOKUP}`,
    example: 'sale_sale_x1Y2z3,demand_po_x1Y2z3',
    type: String,
    maxLength: MAX_POSTING_IDS_PER_LOOKUP * 41 - 1,
  })
  @Transform(commaList)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_POSTING_IDS_PER_LOOKUP)
  @Matches(/^[A-Za-z0-9_-]{8,40}$/, { each: true })
  postingIds!: string[];
}

export class StoreErpDocumentsQuery {
  @ApiProperty({
    example: '2026-11-30',
    description: 'The UTC day the documents are dated',
    minLength: 10,
    maxLength: 10,
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  documentDate!: string;
}
