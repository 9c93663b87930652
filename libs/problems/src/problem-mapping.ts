import { HttpException } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from './domain-error';
import { problemType, type ProblemDocument } from './problem-document';
import { UpstreamError, type UpstreamFailure } from './upstream-error';
import { ValidationFailed } from './validation-failed';

/** A problem document plus the headers that must travel with it. */
export interface ProblemAnswer {
  problem: ProblemDocument;
  headers: Record<string, string>;
  /** True when the error is a fault of ours and its stack belongs in the log. */
  unexpected: boolean;
}

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  'rate-limited': 429,
  overloaded: 503,
};

const UPSTREAM: Record<UpstreamFailure, { status: number; slug: string; title: string }> = {
  timeout: { status: 504, slug: 'upstream-timeout', title: 'A backend did not answer in time' },
  unavailable: { status: 503, slug: 'upstream-unavailable', title: 'A backend is unavailable' },
  'circuit-open': {
    status: 503,
    slug: 'upstream-circuit-open',
    title: 'A backend is failing; calls are paused',
  },
  'quota-exceeded': { status: 503, slug: 'upstream-quota-exceeded', title: 'A backend quota is exhausted' },
  'bad-response': { status: 502, slug: 'upstream-bad-response', title: 'A backend answered with an error' },
  rejected: { status: 502, slug: 'upstream-rejected', title: 'A backend refused the call' },
};

const HTTP_SLUGS: Record<number, [string, string]> = {
  400: ['malformed-request', 'The request could not be read'],
  401: ['unauthorized', 'Credentials are missing or invalid'],
  403: ['forbidden', 'Not permitted'],
  404: ['not-found', 'No such resource'],
  405: ['method-not-allowed', 'Method not allowed'],
  406: ['not-acceptable', 'Not acceptable'],
  408: ['request-timeout', 'The request was not received in time'],
  413: ['payload-too-large', 'The request body is too large'],
  414: ['uri-too-long', 'The request URI is too long'],
  415: ['unsupported-media-type', 'The request body must be application/json'],
  429: ['rate-limited', 'Too many requests'],
  431: ['header-fields-too-large', 'The request headers are too large'],
};

function retryAfterHeader(seconds: number | undefined): Record<string, string> {
  return seconds === undefined ? {} : { 'retry-after': String(Math.max(1, Math.ceil(seconds))) };
}

function statusOfThrown(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** Turns anything thrown while serving a request into the problem answer the client receives. */
export function toProblemAnswer(error: unknown): ProblemAnswer {
  if (error instanceof ValidationFailed) {
    return {
      problem: {
        type: problemType('validation-failed'),
        title: error.message,
        status: 400,
        errors: error.violations,
      },
      headers: {},
      unexpected: false,
    };
  }
  if (error instanceof DomainError) {
    return {
      // Extensions first: they may add members, never replace the ones every problem has.
      problem: {
        ...error.extensions,
        type: problemType(error.type),
        title: error.message,
        status: STATUS_OF_KIND[error.kind],
      },
      headers: retryAfterHeader(error.retryAfterS),
      unexpected: false,
    };
  }
  if (error instanceof UpstreamError) {
    const mapped = UPSTREAM[error.failure];
    return {
      problem: {
        type: problemType(mapped.slug),
        title: mapped.title,
        status: mapped.status,
        detail: `${error.backend} ${error.operation}`,
        backend: error.backend,
      },
      headers: retryAfterHeader(error.retryAfterS),
      unexpected: false,
    };
  }
  const status = statusOfThrown(error);
  if (status !== undefined) {
    const [slug, title] = HTTP_SLUGS[status] ?? ['request-refused', 'The request was refused'];
    return { problem: { type: problemType(slug), title, status }, headers: {}, unexpected: false };
  }
  return {
    problem: { type: problemType('internal-error'), title: 'Something went wrong on our side', status: 500 },
    headers: {},
    unexpected: true,
  };
}
