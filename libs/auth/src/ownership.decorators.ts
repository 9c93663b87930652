import { SetMetadata } from '@nestjs/common';

/** Where in the request an owned id is read from. */
export type RequestPart = 'params' | 'query' | 'body';

/** Names the request field that holds an owned id. */
export interface OwnedField {
  field: string;
  in: RequestPart;
}

/** Metadata key set by {@link StoreScoped}. */
export const STORE_SCOPED = 'omnigate:store-scoped';
/** Metadata key set by {@link MemberScoped}. */
export const MEMBER_SCOPED = 'omnigate:member-scoped';

/** Refuses a store-bound principal whose store differs from the store id in `field` (a route param unless told otherwise). */
export const StoreScoped = (field: string, part: RequestPart = 'params') =>
  SetMetadata(STORE_SCOPED, { field, in: part } satisfies OwnedField);

/**
 * Lets through only principals that may act for the member id in `field` (a route param unless told
 * otherwise): bound to that member, or a trusted server. A request naming no member passes.
 */
export const MemberScoped = (field: string, part: RequestPart = 'params') =>
  SetMetadata(MEMBER_SCOPED, { field, in: part } satisfies OwnedField);
