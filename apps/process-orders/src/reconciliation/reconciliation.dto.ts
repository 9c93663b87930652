import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { STORE_ID_PATTERN } from '@omnigate/contracts';
import { DIFFERENCE_KINDS } from './reconciliation-report';

const BUSINESS_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class RunReconciliationBody {
  @ApiProperty({ example: 'ST-6930', maxLength: 20 })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;

  @ApiProperty({
    example: '2026-11-30',
    description:
      "A store sale's business date; a pickup order's, return's or till redemption's UTC day of creation",
    minLength: 10,
    maxLength: 10,
  })
  @Matches(BUSINESS_DATE)
  businessDate!: string;

  @ApiPropertyOptional({
    example: 'ana',
    description: 'Who asked for the run, as the control tower knows them',
    maxLength: 64,
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/)
  requestedBy?: string;
}

export class ReconciliationReportsQuery {
  @ApiPropertyOptional({ example: 'ST-6930', maxLength: 20 })
  @IsOptional()
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId?: string;

  @ApiPropertyOptional({ example: '2026-11-30', minLength: 10, maxLength: 10 })
  @IsOptional()
  @Matches(BUSINESS_DATE)
  businessDate?: string;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ReconciliationReportParams {
  @ApiProperty({ example: 'rec_x1Y2z3a4B5c6d7E8', maxLength: 44 })
  @IsString()
  @Matches(/^rec_[A-Za-z0-9_-]{8,40}$/)
  reportId!: string;
}

class FlowLinkDto {
  @ApiProperty({ example: 'store-sale', maxLength: 50 })
  workflow!: string;

  @ApiProperty({ example: 'sale_x1Y2z3', maxLength: 100 })
  flowId!: string;
}

export class DifferenceDto {
  @ApiProperty({ enum: DIFFERENCE_KINDS })
  kind!: string;

  @ApiProperty({
    type: FlowLinkDto,
    nullable: true,
    description: 'The flow to open; null for an ERP document no flow of ours produced',
  })
  flow!: FlowLinkDto | null;

  @ApiProperty({
    example: 'sale_sale_x1Y2z3',
    description:
      'The posting id (ERP) or loyalty reference; for a sale against the till redemption it names, the redemption id',
    maxLength: 100,
  })
  reference!: string;

  @ApiPropertyOptional({ example: '9012345678', maxLength: 40 })
  erpDocumentId?: string;

  @ApiPropertyOptional({ description: 'What our books say should be there' })
  expected?: object;

  @ApiPropertyOptional({ description: 'What the backend holds instead' })
  found?: object;
}

class CheckedDto {
  @ApiProperty() flows!: number;
  @ApiProperty() postings!: number;
  @ApiProperty() erpDocuments!: number;
  @ApiProperty() loyaltyTransactions!: number;
}

export class ReconciliationReportDto {
  @ApiProperty({ example: 'rec_x1Y2z3a4B5c6d7E8', maxLength: 44 }) reportId!: string;
  @ApiProperty({ example: 'ST-6930', maxLength: 20 }) storeId!: string;
  @ApiProperty({ example: '2026-11-30', maxLength: 10 }) businessDate!: string;
  @ApiProperty({ enum: ['on-demand', 'schedule'] }) trigger!: string;
  @ApiProperty({ type: String, nullable: true, example: 'ana', maxLength: 64 }) requestedBy!: string | null;
  @ApiProperty({ example: '2026-12-01T04:30:02.000Z', maxLength: 30 }) ranAt!: string;
  @ApiProperty({ type: CheckedDto }) checked!: CheckedDto;
  @ApiProperty({ type: [DifferenceDto], maxItems: 100_000 }) differences!: DifferenceDto[];
}

export class ReconciliationReportSummaryDto {
  @ApiProperty({ maxLength: 44 }) reportId!: string;
  @ApiProperty({ maxLength: 20 }) storeId!: string;
  @ApiProperty({ maxLength: 10 }) businessDate!: string;
  @ApiProperty({ enum: ['on-demand', 'schedule'] }) trigger!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: 64 }) requestedBy!: string | null;
  @ApiProperty({ maxLength: 30 }) ranAt!: string;
  @ApiProperty({ type: CheckedDto }) checked!: CheckedDto;
  @ApiProperty() differenceCount!: number;
  @ApiProperty({ example: { 'erp-document-missing': 1 }, description: 'Differences counted per kind' })
  differencesByKind!: Record<string, number>;
}

export class ReconciliationReportsDto {
  @ApiProperty({ type: [ReconciliationReportSummaryDto], maxItems: 200 })
  reports!: ReconciliationReportSummaryDto[];
}
