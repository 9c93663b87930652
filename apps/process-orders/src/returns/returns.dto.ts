import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { RETURN_ID_PATTERN } from '@omnigate/contracts';

export class ReturnParams {
  @ApiProperty({ example: 'ret_8Qm3xT0aLk2VbN7c', maxLength: 44, pattern: RETURN_ID_PATTERN.source })
  @IsString()
  @Matches(RETURN_ID_PATTERN)
  returnId!: string;
}
