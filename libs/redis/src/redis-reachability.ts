import type { RedisConnection } from './open-redis';

/** How a readiness probe reports an app's Redis: reachable or not, never a reason to take the app out of the balancer. */
export type RedisReachability = {
  mode: 'redis' | 'in-memory';
  connection?: 'up' | 'down';
};

/** Pings Redis (bounded by the connection's command timeout); `null` means the app runs without Redis. */
export async function redisReachability(redis: RedisConnection | null): Promise<RedisReachability> {
  if (!redis) return { mode: 'in-memory' };
  const reachable = await redis.ping().then(
    () => true,
    () => false,
  );
  return { mode: 'redis', connection: reachable ? 'up' : 'down' };
}
