import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const QUEUE_NAME = /^[a-z][a-z0-9.-]{0,99}$/;

export class FlowSearchQuery {
  @IsOptional() @IsString() @Matches(TOKEN)
  key?: string;

  @IsOptional() @IsString() @Matches(/^[A-Z][A-Z_]{0,39}$/)
  state?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(525_600)
  stuckForMin?: number;
}

export class FlowParams {
  @IsString() @Matches(/^[a-z][a-z0-9-]{0,49}$/)
  workflow!: string;

  @IsString() @Matches(TOKEN)
  flowId!: string;
}

export class QueueParams {
  @IsString() @Matches(QUEUE_NAME)
  queue!: string;
}

export class DeadLetterParams extends QueueParams {
  @IsString() @Matches(/^[0-9a-f-]{36}$/)
  deadLetterId!: string;
}
