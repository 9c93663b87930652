import type { Logger } from 'pino';
import { logDestination, type LogFormat } from './log-format';
import { createRootLogger } from './logger';

let configured: Logger | undefined;

/** Sets up the process's logger once at boot; one process runs one app. */
export function configureRootLogger(service: string, level: string, format: LogFormat = 'json'): Logger {
  configured = createRootLogger(service, level, logDestination(format));
  return configured;
}

/** The process's logger: what providers log with. */
export function rootLogger(): Logger {
  configured ??= createRootLogger('omnigate', 'info');
  return configured;
}
