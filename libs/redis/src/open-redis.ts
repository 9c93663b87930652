import { Redis } from 'ioredis';
import { rootLogger } from '@omnigate/observability';
import type { RedisSettings } from './redis-settings';

/**
 * Opens a Redis connection that never makes a request wait on Redis for longer than the command
 * timeout. No offline queue: while Redis is away a command fails at once instead of queueing, and
 * nothing queued is replayed later (a late replayed SET or lock would overwrite newer state, a
 * replayed counter would count twice). Reconnects in the background, backing off up to the
 * configured pause. A Redis down at start does not stop the app; `purpose` names the connection
 * in the log lines that say when Redis went away and came back.
 */
export async function openRedis(settings: RedisSettings, purpose: string): Promise<Redis> {
  const logger = rootLogger().child({ redis: purpose });
  const redis = new Redis(settings.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: settings.connectTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 100, settings.reconnectMaxDelayMs),
  });
  let away = false;
  // Without an error listener ioredis prints every failed reconnection attempt; one line per outage is enough.
  redis.on('error', (error: Error) => {
    if (away) return;
    away = true;
    logger.warn({ err: error }, 'Redis unreachable; degrading until it is back');
  });
  redis.on('ready', () => {
    if (!away) return;
    away = false;
    logger.info('Redis is back');
  });
  await redis.connect().catch(() => undefined);
  return redis;
}
