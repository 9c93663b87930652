import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { MEMBER_ID_PATTERN } from '@omnigate/contracts';

/** A caller's key for one points movement; repeating a movement with it changes nothing. */
export const POINTS_REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** Most points one accrual or redemption may move. */
export const MAX_POINTS_PER_MOVEMENT = 1_000_000;

export class MemberParams {
  @ApiProperty({ example: '6041234567890', pattern: MEMBER_ID_PATTERN.source, description: 'The 13-digit loyalty card number' })
  @IsString() @Matches(MEMBER_ID_PATTERN)
  memberId!: string;
}
