import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, type Channel } from './principal';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const ID_MESSAGE = '$property must be 1-64 letters, digits, dots, colons, underscores or dashes';

/** One API key of a client app; the registry stores only its SHA-256 digest. */
export class ApiKeyEntry {
  @Matches(ID, { message: ID_MESSAGE })
  keyId: string;

  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be the 64 lowercase hex digits of the key digest' })
  sha256: string;

  @IsIn(['active', 'revoked'])
  status: 'active' | 'revoked';
}

/** One registered client app of a channel. */
export class ClientAppEntry {
  @Matches(ID, { message: ID_MESSAGE })
  clientAppId: string;

  @IsIn(CHANNELS)
  channel: Channel;

  @IsString()
  @IsNotEmpty()
  plan: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  storeId?: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  deviceId?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  oauthClientId?: string;

  /**
   * A server the retailer runs (customer service), trusted to act for any loyalty member without a
   * shopper's token. Never set it on an app whose key ships in a browser or a phone.
   */
  @IsOptional()
  @IsBoolean()
  trustedServer?: boolean;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ApiKeyEntry)
  apiKeys: ApiKeyEntry[];
}

/** The scopes an API key of each channel carries. */
export class ChannelScopesEntry implements Partial<Record<Channel, string[]>> {
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  'storefront-web'?: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  'storefront-mobile'?: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  pos?: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  service?: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  partner?: string[];
}

/** The auth part of the client-app registry file; `plans` is validated by `@omnigate/rate-limit`. */
export class ClientAppRegistryFile {
  @ValidateNested()
  @Type(() => ChannelScopesEntry)
  channelScopes: ChannelScopesEntry;

  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => ClientAppEntry)
  clientApps: ClientAppEntry[];

  @IsOptional()
  @IsArray()
  plans?: unknown[];
}
