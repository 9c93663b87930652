import { applyDecorators } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiGatewayTimeoutResponse,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before trying again, when known',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 },
  },
};

/** Documents the problem answers every endpoint of a system API may give: bad input, and its backend (`backend`, as readers know it) failing. */
export const ApiBackendProblemAnswers = (backend: string) =>
  applyDecorators(
    ApiBadRequestResponse({
      description: 'problem+json, type validation-failed: the request breaks the documented rules',
    }),
    ApiBadGatewayResponse({
      description: `problem+json, type upstream-rejected: ${backend} refused the call`,
    }),
    ApiServiceUnavailableResponse({
      description:
        'problem+json, type upstream-unavailable, upstream-circuit-open or upstream-quota-exceeded',
      headers: RETRY_AFTER,
    }),
    ApiGatewayTimeoutResponse({ description: 'problem+json, type upstream-timeout' }),
  );
