import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  TRAFFIC_PRIORITIES,
  type RateLimitPlan,
  type RateLimitWindow,
  type TrafficPriority,
} from './rate-limit-plan';

// Names travel as quoted strings in the RateLimit headers; keep them to plain tokens.
const NAME = /^[a-z][a-z0-9-]{0,39}$/;
const NAME_MESSAGE = '$property must be lowercase letters, digits and dashes, starting with a letter';

/** One window of a plan in the registry file. */
export class RateLimitWindowEntry implements RateLimitWindow {
  @Matches(NAME, { message: NAME_MESSAGE })
  name: string;

  @IsInt()
  @Min(1)
  @Max(1_000_000)
  limit: number;

  @IsInt()
  @Min(1)
  @Max(86_400)
  windowS: number;
}

/** One plan in the registry file. */
export class RateLimitPlanEntry implements RateLimitPlan {
  @Matches(NAME, { message: NAME_MESSAGE })
  name: string;

  @IsIn(TRAFFIC_PRIORITIES)
  priority: TrafficPriority;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => RateLimitWindowEntry)
  windows: RateLimitWindowEntry[];

  @IsOptional()
  @IsBoolean()
  perDevice?: boolean;
}

/** The rate-limit part of the client-app registry file; the rest is validated by `@omnigate/auth`. */
export class RateLimitPlansFile {
  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => RateLimitPlanEntry)
  plans: RateLimitPlanEntry[];

  @IsArray()
  clientApps: unknown[];

  @IsOptional()
  @IsObject()
  channelScopes?: unknown;
}
