import type { DestinationStream } from 'pino';

/** How log lines are written: one JSON object per line (the default, for collectors), or one readable line for a person at a terminal. */
export const LOG_FORMATS = ['json', 'pretty'] as const;

export type LogFormat = (typeof LOG_FORMATS)[number];

// Fields every line has, or that the readable line shows in its own place.
const SHOWN_APART = new Set([
  'level',
  'time',
  'service',
  'msg',
  'method',
  'route',
  'status',
  'durationMs',
  'clientAppId',
  'correlationId',
  'traceId',
  'spanId',
]);

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * One JSON log line (as the root logger writes it, already redacted) as a line for a person:
 * `12:47:03.120 INFO  experience-storefront GET /v1/stores/:storeId/availability 200 5ms storefront-web <correlation id>`
 * for a request, `time LEVEL service message key=value ...` for anything else.
 */
export function prettyLogLine(json: string): string {
  const line = JSON.parse(json) as Record<string, unknown>;
  const time = typeof line.time === 'string' ? line.time.slice(11, 23) : '';
  const head = `${time} ${String(line.level ?? '')
    .toUpperCase()
    .padEnd(5)} ${String(line.service ?? '')}`;
  const request = line.method !== undefined && line.route !== undefined;
  const what = request
    ? [
        line.method,
        line.route,
        line.status,
        `${String(line.durationMs)}ms`,
        line.clientAppId ?? '-',
        line.correlationId,
      ].join(' ')
    : [
        line.msg,
        ...Object.entries(line)
          .filter(([key]) => !SHOWN_APART.has(key))
          .map(([key, value]) => `${key}=${valueText(value)}`),
      ].join(' ');
  return `${head} ${what}\n`;
}

/** Where the root logger writes in the given format: stdout as JSON (undefined: pino's own), or readable lines. */
export function logDestination(
  format: LogFormat,
  out: { write(text: string): unknown } = process.stdout,
): DestinationStream | undefined {
  if (format === 'json') return undefined;
  return { write: (json: string) => void out.write(prettyLogLine(json)) };
}
