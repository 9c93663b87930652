import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { OMS_ID_PATTERN } from '@omnigate/contracts';

export class OrderParams {
  @ApiProperty({ example: 'SO4829105573', pattern: OMS_ID_PATTERN.source, maxLength: 40 })
  @IsString()
  @Matches(OMS_ID_PATTERN)
  omsOrderId!: string;
}
