import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One offending field of a refused request. */
export class FieldViolationDto {
  @ApiProperty({ example: 'skus', maxLength: 200 })
  field!: string;

  @ApiProperty({
    example: 'each value in skus must match /^[A-Za-z0-9-]{1,20}$/ regular expression',
    maxLength: 500,
  })
  message!: string;
}

/** The RFC 9457 problem document of every error answer. */
export class ProblemDto {
  @ApiProperty({
    format: 'uri',
    maxLength: 200,
    example: 'https://omnigate.dev/problems/unknown-store',
    description: 'Stable: branch on this',
  })
  type!: string;

  @ApiProperty({ maxLength: 200, example: 'No store has this id' })
  title!: string;

  @ApiProperty({ minimum: 400, maximum: 599, format: 'int32', example: 404 })
  status!: number;

  @ApiPropertyOptional({ maxLength: 1000 })
  detail?: string;

  @ApiProperty({ maxLength: 2000, format: 'uri-reference', example: '/v1/stores/ST-6930/availability' })
  instance!: string;

  @ApiProperty({
    maxLength: 128,
    pattern: '^[A-Za-z0-9._:-]{1,128}$',
    example: '4b0f5b1e-2b8e-4a61-9d5c-7f1e0f3a9c12',
  })
  correlationId!: string;

  @ApiPropertyOptional({
    type: [FieldViolationDto],
    maxItems: 50,
    description: 'Every offending field, for validation-failed',
  })
  errors?: FieldViolationDto[];
}
