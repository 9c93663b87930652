import type { Logger } from 'pino';
import { createRootLogger } from './logger';

let configured: Logger | undefined;

/** Sets up the process's logger once at boot; one process runs one app. */
export function configureRootLogger(service: string, level: string): Logger {
  configured = createRootLogger(service, level);
  return configured;
}

/** The process's logger: what providers log with. */
export function rootLogger(): Logger {
  configured ??= createRootLogger('omnigate', 'info');
  return configured;
}
