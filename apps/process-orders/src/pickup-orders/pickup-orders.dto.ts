import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { MEMBER_ID_PATTERN, PICKUP_ORDER_ID_PATTERN } from '@omnigate/contracts';

export class PickupOrderParams {
  @ApiProperty({ example: 'po_8Qm3xT0aLk2VbN7c', pattern: PICKUP_ORDER_ID_PATTERN.source, maxLength: 43 })
  @IsString()
  @Matches(PICKUP_ORDER_ID_PATTERN)
  orderId!: string;
}

export class MemberParams {
  @ApiProperty({ example: '6042685219730', pattern: MEMBER_ID_PATTERN.source, maxLength: 13 })
  @IsString()
  @Matches(MEMBER_ID_PATTERN)
  memberId!: string;
}
