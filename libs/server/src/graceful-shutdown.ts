import { setTimeout as sleep } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { BaseAppConfig } from '@omnigate/config';
import { stopTracing } from '@omnigate/tracing';
import { ShutdownState } from './shutdown-state';

/**
 * Kept back from the shutdown timeout for closing the database and Redis after the jobs stopped;
 * BaseAppConfig requires SHUTDOWN_TIMEOUT_MS to exceed the drain delay by twice this.
 */
const CLOSE_RESERVE_MS = 1_000;

/** How long running jobs may take to finish once the app stops, so the whole shutdown fits in SHUTDOWN_TIMEOUT_MS. */
export function jobStopTimeoutMs(config: BaseAppConfig): number {
  return config.SHUTDOWN_TIMEOUT_MS - config.SHUTDOWN_DRAIN_DELAY_MS - CLOSE_RESERVE_MS;
}

async function drainAndClose(
  app: NestFastifyApplication,
  state: ShutdownState,
  config: BaseAppConfig,
  logger: Logger,
  signal: NodeJS.Signals,
): Promise<void> {
  state.beginDraining();
  logger.info(
    { signal, drainDelayMs: config.SHUTDOWN_DRAIN_DELAY_MS },
    'shutting down: readiness answers 503, every other route is still served',
  );
  await sleep(config.SHUTDOWN_DRAIN_DELAY_MS);
  logger.info('drain delay over: closing the listener, finishing requests in flight and running jobs');
  // Closes the listener and idle keep-alive connections, waits for requests in flight, then runs the
  // shutdown hooks: job workers stop gracefully, then the database and Redis close.
  await app.close();
  await stopTracing();
  logger.info('stopped');
}

/**
 * Stops the app on SIGTERM or SIGINT without failing a request sent to it: readiness turns 503 at
 * once, the listener keeps serving for SHUTDOWN_DRAIN_DELAY_MS while balancers take the replica
 * out, then closes, work in flight finishes, and the process exits 0; 1 if it took longer than
 * SHUTDOWN_TIMEOUT_MS or failed. Call before the app listens.
 */
export function installGracefulShutdown(
  app: NestFastifyApplication,
  config: BaseAppConfig,
  logger: Logger,
): void {
  const state = app.get(ShutdownState, { strict: false });
  // While draining, every answer asks its client to reconnect, which moves keep-alive clients to
  // other replicas, and lets a closing listener end each connection after its answer.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (_request, reply, payload, done) => {
      if (state.drainingSince) void reply.header('connection', 'close');
      done(null, payload);
    });
  let signalled = false;
  const shutDown = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.info({ signal }, 'already shutting down');
      return;
    }
    signalled = true;
    setTimeout(() => {
      logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    drainAndClose(app, state, config, logger, signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutDown);
  process.on('SIGINT', shutDown);
}
