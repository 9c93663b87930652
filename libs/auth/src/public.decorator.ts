import { SetMetadata } from '@nestjs/common';

/** Metadata key set by {@link Public}. */
export const IS_PUBLIC_ROUTE = 'omnigate:public-route';

/** Exempts a route or controller (health, metrics, docs) from authentication, rate limiting and load shedding. */
export const Public = () => SetMetadata(IS_PUBLIC_ROUTE, true);
