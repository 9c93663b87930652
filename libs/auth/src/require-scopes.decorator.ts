import { SetMetadata } from '@nestjs/common';

/** Metadata key set by {@link RequireScopes}. */
export const REQUIRED_SCOPES = 'omnigate:required-scopes';

/** Requires the principal to hold every listed scope; on a controller it applies to each route unless a route sets its own. */
export const RequireScopes = (...scopes: string[]) => SetMetadata(REQUIRED_SCOPES, scopes);
