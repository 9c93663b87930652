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

/** Something lines are written to: stdout, or an array in a test. */
interface TextOut {
  write(text: string): unknown;
}

/**
 * Writes the lines logged in one turn of the event loop together, at the end of that turn
 * (setImmediate), and what is still pending when the process exits. At peak an app logs a line per
 * request, thousands a second: a write per line (a syscall, and a thread-pool round trip with
 * pino's asynchronous default) cost more than making the line. A line waits for the end of its
 * turn, well under a millisecond, never for more lines to come.
 */
export class TurnBatchedLines implements DestinationStream {
  private pending: string[] = [];
  private scheduled = false;

  constructor(private readonly out: TextOut) {}

  write(line: string): void {
    this.pending.push(line);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  /** Writes every pending line now (at exit, and at the end of each turn that logged). */
  readonly flush = (): void => {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending = [];
    this.out.write(text);
  };
}

let stdoutLines: TurnBatchedLines | undefined;

/** The process's one batch of stdout lines, written out at exit too, however many loggers write to it. */
function batchedStdout(): TurnBatchedLines {
  if (!stdoutLines) {
    stdoutLines = new TurnBatchedLines(process.stdout);
    process.once('exit', stdoutLines.flush);
  }
  return stdoutLines;
}

/** Where the root logger writes in the given format (to stdout unless told): JSON lines or readable lines, batched per turn (see {@link TurnBatchedLines}). */
export function logDestination(format: LogFormat, out?: TextOut): DestinationStream {
  const lines = out ? new TurnBatchedLines(out) : batchedStdout();
  if (format === 'json') return lines;
  return { write: (json: string) => lines.write(prettyLogLine(json)) };
}
