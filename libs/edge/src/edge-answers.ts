import { applyDecorators } from '@nestjs/common';
import type { HeadersObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import {
  ApiExtraModels,
  ApiHeader,
  ApiOAuth2,
  ApiResponse,
  ApiSecurity,
  getSchemaPath,
} from '@nestjs/swagger';
import { PROBLEM_TYPE_BASE, ProblemDto } from '@omnigate/problems';

const text = (description: string, maxLength = 200) => ({
  description,
  schema: { type: 'string', maxLength },
});
const seconds = (description: string) => ({
  description,
  schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 },
});

const CORRELATION: HeadersObject = {
  'X-Correlation-Id': text(
    "The caller's correlation id if it sent a valid one, otherwise a new one; quote it to support",
    128,
  ),
  'Access-Control-Allow-Origin': text('Sent to browsers calling from an allowed origin (CORS_ORIGINS) only'),
};
const RATE_LIMIT: HeadersObject = {
  RateLimit: text(
    'The tightest window of the client app\'s plan: "name";r=remaining;t=seconds-to-reset. Absent before the caller is identified',
  ),
  'RateLimit-Policy': text('Every window of the plan: "name";q=limit;w=window-seconds'),
};
const FRESHNESS: HeadersObject = {
  Age: seconds('Seconds since the oldest part of the answer was read from the system of record'),
  'X-Cache': {
    description:
      'HIT (served from a cache), STALE (past its TTL; a system is being asked again or is failing) or MISS',
    schema: { type: 'string', enum: ['HIT', 'STALE', 'MISS'] },
  },
};
const RETRY_AFTER: HeadersObject = { 'Retry-After': seconds('Seconds to wait before trying again') };

/** The headers of a successful read: freshness, rate limit, correlation. */
export const READ_ANSWER_HEADERS: HeadersObject = { ...FRESHNESS, ...RATE_LIMIT, ...CORRELATION };

/** The headers of a write's answer: replay marker, rate limit, correlation. */
export const WRITE_ANSWER_HEADERS: HeadersObject = {
  'Idempotent-Replayed': {
    description: 'true when this answers a repeat of an Idempotency-Key with the first result',
    schema: { type: 'string', enum: ['true'] },
  },
  ...RATE_LIMIT,
  ...CORRELATION,
};

const problem = (status: number, description: string, slug: string, title: string, headers: HeadersObject) =>
  ApiResponse({
    status,
    description: `${description} (application/problem+json)`,
    headers,
    content: {
      'application/problem+json': {
        schema: { $ref: getSchemaPath(ProblemDto) },
        example: {
          type: `${PROBLEM_TYPE_BASE}${slug}`,
          title,
          status,
          instance: '/v1/...',
          correlationId: '4b0f5b1e-2b8e-4a61-9d5c-7f1e0f3a9c12',
        },
      },
    },
  });

/** What a refusal (404, or a route's own 403) of this route means: the slug it carries. */
export interface RefusalAnswer {
  slug: string;
  title: string;
  description: string;
}

/** The 403 of a route acting for a loyalty member (see `assertMemberPermitted` of `@omnigate/auth`). */
export const MEMBER_REFUSAL: RefusalAnswer = {
  slug: 'member-credential-required',
  title: "Acting for a loyalty member needs that member's token (or a trusted server's credentials)",
  description:
    "Acting for a member needs a credential bound to that member (a shopper's token with its member_id claim) unless the client app is a trusted server: " +
    "a client app's own key or token is refused member-credential-required, another member's token member-not-permitted. Also another channel's API or a missing scope",
};

/**
 * Documents a channel read: its security (API key or OAuth2 client credentials with `scope`) and
 * every error answer with its headers. `forbidden` names the 403 a route refuses its own way with.
 */
export const ApiEdgeRead = (scope: string, notFound: RefusalAnswer, forbidden?: RefusalAnswer) =>
  applyDecorators(
    ApiExtraModels(ProblemDto),
    ApiSecurity('apiKey'),
    ApiOAuth2([scope], 'oauth2'),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Your id for the request; echoed back and carried to every system',
      schema: { type: 'string', maxLength: 128, pattern: '^[A-Za-z0-9._:-]{1,128}$' },
    }),
    problem(
      400,
      'The request breaks the documented rules: a malformed id, an unknown query field, a body on a read, a JSON body nested too deeply (body-too-deep)',
      'validation-failed',
      'The request is not valid',
      { ...RATE_LIMIT, ...CORRELATION },
    ),
    problem(
      401,
      'No credential, or an unknown, revoked, expired or wrong-audience one; see WWW-Authenticate',
      'credentials-invalid',
      'The credentials are not valid',
      {
        'WWW-Authenticate': text('The accepted schemes: ApiKey and, when configured, Bearer'),
        ...RATE_LIMIT,
        ...CORRELATION,
      },
    ),
    forbidden
      ? problem(403, forbidden.description, forbidden.slug, forbidden.title, {
          ...RATE_LIMIT,
          ...CORRELATION,
        })
      : problem(
          403,
          `The credential may not do this: another channel's API, a missing scope (${scope}), or another store's or member's data`,
          'store-not-permitted',
          'These credentials may not act for this store',
          { ...RATE_LIMIT, ...CORRELATION },
        ),
    problem(404, notFound.description, notFound.slug, notFound.title, { ...RATE_LIMIT, ...CORRELATION }),
    problem(
      413,
      'The request body is larger than the limit',
      'payload-too-large',
      'The request body is too large',
      { ...RATE_LIMIT, ...CORRELATION },
    ),
    problem(
      422,
      'A system of record refused the request as unprocessable',
      'unprocessable',
      'The request cannot be processed',
      { ...RATE_LIMIT, ...CORRELATION },
    ),
    problem(
      429,
      'The client app (or device) used up a window of its plan; wait Retry-After seconds',
      'rate-limited',
      'Too many requests for this client app; see the RateLimit headers',
      {
        ...RETRY_AFTER,
        ...RATE_LIMIT,
        ...CORRELATION,
      },
    ),
    problem(
      500,
      'A fault of ours; the correlation id finds it in our logs',
      'internal-error',
      'Something went wrong on our side',
      CORRELATION,
    ),
    problem(
      503,
      'Busy (type overloaded) or a system of record is unavailable with nothing cached (upstream-*)',
      'overloaded',
      'The service is busy; try again shortly',
      {
        ...RETRY_AFTER,
        ...CORRELATION,
      },
    ),
  );
