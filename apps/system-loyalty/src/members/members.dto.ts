import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { MEMBER_ID_PATTERN } from '@omnigate/contracts';

export class MemberParams {
  @ApiProperty({
    example: '6042685219730',
    pattern: MEMBER_ID_PATTERN.source,
    maxLength: 13,
    description: 'The 13-digit loyalty card number',
  })
  @IsString()
  @Matches(MEMBER_ID_PATTERN)
  memberId!: string;
}
