import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { STORE_ID_PATTERN } from '@omnigate/contracts';

export class StoreParams {
  @ApiProperty({ example: 'ST-6930', pattern: STORE_ID_PATTERN.source, maxLength: 20 })
  @IsString()
  @Matches(STORE_ID_PATTERN)
  storeId!: string;
}
