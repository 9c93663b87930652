import { getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import type {
  HeadersObject,
  OperationObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROBLEM_TYPE_BASE, ProblemDto } from '@omnigate/problems';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const text = (description: string) => ({ description, schema: { type: 'string', maxLength: 200 } });

function rateLimitHeaders(caller: string): HeadersObject {
  return {
    RateLimit: text(
      `The tightest window of the ${caller}'s limit on this API: "name";r=remaining;t=seconds-to-reset. ` +
        'Absent on an answer given before the caller was admitted (401, 403)',
    ),
    'RateLimit-Policy': text(
      'Both windows of the limit: "burst";q=INTERNAL_RATE_LIMIT_BURST;w=1, "sustained";q=60 x INTERNAL_RATE_LIMIT_PER_S;w=60',
    ),
  };
}

function rateLimited(caller: string, headers: HeadersObject): ResponseObject {
  return {
    description: `The ${caller} used up a window of its limit on this API; nothing was done. Wait Retry-After seconds (application/problem+json)`,
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before trying again',
        schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 },
      },
      ...headers,
    },
    content: {
      'application/problem+json': {
        schema: { $ref: getSchemaPath(ProblemDto) },
        example: {
          type: `${PROBLEM_TYPE_BASE}rate-limited`,
          title: 'Too many requests for this client app; see the RateLimit headers',
          status: 429,
          instance: '/v1/...',
          correlationId: '4b0f5b1e-2b8e-4a61-9d5c-7f1e0f3a9c12',
        },
      },
    },
  };
}

/**
 * Says in an internal API's OpenAPI document what `RateLimitModule.forCallers` answers: the
 * RateLimit headers on every success and refusal of every operation, and the 429 `rate-limited`
 * refusal with Retry-After, and a sentence of the API's description. `caller` names who is counted
 * ("calling app", "person").
 */
export function documentCallerRateLimits(caller: string): (document: OpenAPIObject) => void {
  const headers = rateLimitHeaders(caller);
  // Declared once under components and referred to from every operation.
  const refs: HeadersObject = Object.fromEntries(
    Object.keys(headers).map((name) => [name, { $ref: `#/components/headers/${name}` }]),
  );
  return (document) => {
    const components = (document.components ??= {});
    components.headers = { ...components.headers, ...headers };
    components.responses = { ...components.responses, RateLimited: rateLimited(caller, refs) };
    document.info.description =
      `${document.info.description ?? ''} Each ${caller} is limited on its own: RateLimit and RateLimit-Policy ` +
      'headers on every answer, 429 rate-limited with Retry-After past its limit.';
    const operations = Object.values(document.paths).flatMap((item) =>
      METHODS.map((method) => item[method]).filter((op): op is OperationObject => op !== undefined),
    );
    for (const operation of operations) {
      const responses = (operation.responses ??= {});
      responses['429'] ??= { $ref: '#/components/responses/RateLimited' };
      for (const [status, response] of Object.entries(responses) as [string, ResponseObject][]) {
        // Responses may be shared objects of the document builder: each gets its own copy.
        if (/^[24]/.test(status) && !('$ref' in response))
          responses[status] = { ...response, headers: { ...response.headers, ...refs } };
      }
    }
  };
}
