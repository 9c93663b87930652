import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { currentRequestContext } from './request-context';

/**
 * Header and field paths that may carry credentials or personal data; pino blanks them so they
 * never reach a log line, whatever code logs the object.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-service-key"]',
  'req.headers.cookie',
  'req.headers["x-order-access-token"]',
  '*.accessToken',
  '*.email',
  '*.firstName',
  '*.lastName',
  '*.memberNumber',
  '*.cardNumber',
];

/** Creates the root JSON logger of an app; every line carries the correlation id and trace ids of its request. */
export function createRootLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const context = currentRequestContext();
      const span = trace.getActiveSpan()?.spanContext();
      return {
        ...(context && { correlationId: context.correlationId }),
        ...(span && { traceId: span.traceId, spanId: span.spanId }),
      };
    },
  });
}

/** Shows only the last four characters of an identifier that names a person (member or card numbers). */
export function maskIdentifier(value: string): string {
  return value.length <= 4 ? '****' : `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
}
