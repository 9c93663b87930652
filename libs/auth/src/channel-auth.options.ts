import type { JwksOptions } from './jwt-bearer.verifier';
import type { Channel } from './principal';

/** How an experience app authenticates its channels. */
export interface ChannelAuthOptions {
  /** The channels whose client apps may call this app; others are refused 403. */
  channels: Channel[];
  /** Path of the client-app registry JSON file (e.g. `config/client-apps.dev.json`). */
  registryFile: string;
  /** Accept OAuth bearer tokens verified against this JWKS; without it only API keys are accepted. */
  jwks?: JwksOptions;
}

/** Injection token of the {@link ChannelAuthOptions}. */
export const CHANNEL_AUTH_OPTIONS = Symbol('ChannelAuthOptions');
