import type { InternalCaller } from './internal-callers';

/** The channels a client app can belong to. */
export const CHANNELS = ['storefront-web', 'storefront-mobile', 'pos', 'service', 'partner'] as const;

/** One channel through which client apps reach the experience APIs. */
export type Channel = (typeof CHANNELS)[number];

/** Who is calling, as established by an auth guard and read by everything after it. */
export interface Principal {
  kind: 'channel' | 'internal';
  /** The internal caller whose key was presented (internal principals only). */
  caller?: InternalCaller;
  /** The channel client app; for an internal caller not acting for one, the caller itself. */
  clientAppId: string;
  channel?: Channel;
  /** Name of the rate-limit plan of the client app. */
  plan?: string;
  /** Set when the caller may touch only this store (a POS device, a store-bound token). */
  storeId?: string;
  deviceId?: string;
  /** Set when the caller acts for one loyalty member only (a shopper's token). */
  memberId?: string;
  /** Set when the registry marks the client app as a trusted server: it may act for any member it is not bound to. */
  trustedServer?: boolean;
  scopes: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `ChannelAuthGuard` or `InternalAuthGuard`; absent on `@Public()` routes. */
    principal?: Principal;
  }
}
