import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

/** The document types the ERP's retail posting service books. */
export const RETAIL_DOCUMENT_TYPES = ['SALE', 'DEMAND', 'CREDIT_MEMO', 'POINTS_LIABILITY'] as const;
export type RetailDocumentType = (typeof RETAIL_DOCUMENT_TYPES)[number];

/** One line of a retail document: a material, a decimal quantity and a decimal net amount. */
export class RetailDocumentItemDraft {
  @ApiProperty({ example: '27023702' })
  @IsString()
  @Length(1, 40)
  Material!: string;

  @ApiProperty({ example: '1.000' })
  @Matches(/^-?\d{1,10}(\.\d{1,3})?$/, { message: 'Quantity must be a decimal string with up to 3 places' })
  Quantity!: string;

  @ApiProperty({ example: '12.99' })
  @Matches(/^-?\d{1,12}(\.\d{1,2})?$/, { message: 'NetAmount must be a decimal string with up to 2 places' })
  NetAmount!: string;
}

/** The body of `POST A_RetailDocument`, in the ERP's field names. */
export class RetailDocumentDraft {
  @ApiProperty({ enum: RETAIL_DOCUMENT_TYPES })
  @IsIn(RETAIL_DOCUMENT_TYPES)
  DocumentType!: RetailDocumentType;

  @ApiProperty({
    description: "The sender's key; a second document with it is refused (ZRTL/017)",
    example: 'POS-ST-6930-R02-000153',
  })
  @IsString()
  @Length(1, 40)
  ExternalReference!: string;

  @ApiProperty({ example: 'ST-6930' })
  @IsString()
  @Length(1, 10)
  Plant!: string;

  @ApiProperty({ example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: 'Currency must be an ISO 4217 code' })
  Currency!: string;

  @ApiProperty({ example: '/Date(1700000000000)/' })
  @Matches(/^\/Date\(\d+\)\/$/, { message: 'DocumentDate must be an OData date /Date(ms)/' })
  DocumentDate!: string;

  @ApiPropertyOptional({
    description: 'External reference of the document this one consumes or reverses',
    example: 'POS-ST-6930-R02-000152',
  })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  ReferenceDocument?: string;

  @ApiProperty({ type: [RetailDocumentItemDraft] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RetailDocumentItemDraft)
  Items!: RetailDocumentItemDraft[];
}
