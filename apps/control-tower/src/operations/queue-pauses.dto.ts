import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class PauseQueueBody {
  @ApiProperty({
    description: 'Why the queue is paused; shown to the other operators and kept in the audit',
    example: 'ERP month-end close until 22:00',
    minLength: 1,
    maxLength: 200,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason!: string;
}
