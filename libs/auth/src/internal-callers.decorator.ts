import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiHeader, type DocumentBuilder } from '@nestjs/swagger';
import { CLIENT_APP_ID_PATTERN } from './internal-callers';
import type { InternalCaller } from './internal-callers';

/** Metadata key set by {@link InternalCallers}. */
export const ALLOWED_INTERNAL_CALLERS = 'omnigate:internal-callers';

const SCHEME = 'serviceKey';

/**
 * Names the internal callers that may call a route (on a controller: each of its routes unless a
 * route names its own). `InternalAuthGuard` refuses every other caller, and every route that names
 * none, so nothing is open by accident. The OpenAPI document lists them in `x-internal-callers`.
 */
export const InternalCallers = (...callers: [InternalCaller, ...InternalCaller[]]) =>
  applyDecorators(
    SetMetadata(ALLOWED_INTERNAL_CALLERS, callers),
    ApiExtension('x-internal-callers', callers),
  );

/** Adds the internal key's security scheme to a process or system API's OpenAPI document, required by every operation. */
export function documentInternalSecurity(builder: DocumentBuilder): DocumentBuilder {
  return builder.addSecurityRequirements(SCHEME).addApiKey(
    {
      type: 'apiKey',
      in: 'header',
      name: 'X-Service-Key',
      description:
        "The calling app's own internal key; it names the caller. Each operation admits the callers listed in its x-internal-callers " +
        'and refuses others with 403 internal-caller-not-allowed. Only the experience apps may send X-On-Behalf-Of and X-Channel.',
    },
    SCHEME,
  );
}

/**
 * Documents `X-On-Behalf-Of`: the channel client app an experience API calls for. A value that is
 * not a client app id is ignored, as if absent.
 */
export const ApiOnBehalfOf = (description: string) =>
  ApiHeader({
    name: 'X-On-Behalf-Of',
    required: false,
    description,
    schema: { type: 'string', pattern: CLIENT_APP_ID_PATTERN.source, maxLength: 63 },
  });
