import { Redis } from 'ioredis';

/**
 * Opens the Redis connection of the rate limiter. Commands fail fast while Redis is unreachable
 * (no offline queue, a short timeout, no replay after reconnect) so requests degrade to local
 * counters instead of waiting, and a late replay cannot count a request twice.
 */
export function createRateLimitRedis(url: string, commandTimeoutMs = 250): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Failures surface through the limiter's own degrade log; without a listener ioredis prints every retry.
  redis.on('error', () => undefined);
  return redis;
}
