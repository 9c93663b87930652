import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { REDEMPTION_ID_PATTERN } from '@omnigate/contracts';

export class RedemptionParams {
  @ApiProperty({ example: 'RD4829105573', pattern: REDEMPTION_ID_PATTERN.source, maxLength: 40 })
  @IsString()
  @Matches(REDEMPTION_ID_PATTERN)
  redemptionId!: string;
}
