import { BaseAppConfig, loadConfig } from '@omnigate/config';
import { type RedisConnection, type RedisSettings, redisSettingsFrom } from '@omnigate/redis';
import { Redis } from 'ioredis';
import { OwnRedisCluster } from './redis-cluster';
import { REDIS_URL } from './stack';

/** The ways an app can be pointed at Redis; suites that prove a promise of Redis run on each. */
export const REDIS_TOPOLOGIES = ['single', 'cluster'] as const;
export type RedisTopologyName = (typeof REDIS_TOPOLOGIES)[number];

/**
 * The Redis a suite runs against: the machine's shared Redis (isolate with a key prefix), or a
 * three-master Redis Cluster of the suite's own on free ports.
 */
export interface TestRedis {
  readonly topology: RedisTopologyName;
  /** What an app process is started with to use it (and not the other one). */
  readonly env: Record<string, string>;
  /** The Redis settings an app configured with {@link env} (and `env`) gets, defaults included. */
  settings(env?: Record<string, string>): RedisSettings;
  /** A client for the test's own look at the keys (not one the apps use). */
  client(): RedisConnection;
  /** Every key matching `pattern`, on every master of a cluster. */
  keys(pattern: string): Promise<string[]>;
  /** The keys matching `pattern` on each master (one list for one Redis): where they were placed. */
  keysByMaster(pattern: string): Promise<string[][]>;
  /** Removes what the suite wrote under `prefix`, or the whole cluster it started. */
  stop(prefix: string): Promise<void>;
}

/** Starts (for a cluster) or opens the Redis of `topology`. */
export async function startTestRedis(topology: RedisTopologyName): Promise<TestRedis> {
  return topology === 'cluster' ? clusterRedis(await OwnRedisCluster.start()) : sharedRedis();
}

function sharedRedis(): TestRedis {
  const env = { REDIS_URL };
  return {
    topology: 'single',
    env,
    settings: (more = {}) => redisSettingsFrom(loadConfig(BaseAppConfig, { PORT: '0', ...env, ...more }))!,
    client: () => quietClient(),
    keys: (pattern) => scanShared(pattern),
    keysByMaster: async (pattern) => [await scanShared(pattern)],
    stop: async (prefix) => {
      const keys = await scanShared(`${prefix}*`);
      if (keys.length === 0) return;
      const redis = quietClient();
      try {
        await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    },
  };
}

function clusterRedis(cluster: OwnRedisCluster): TestRedis {
  return {
    topology: 'cluster',
    // An app may inherit REDIS_URL from its starter: empty is unset.
    env: { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodesSetting },
    settings: (more = {}) => cluster.settings(more),
    client: () => cluster.client(),
    keys: (pattern) => cluster.keys(pattern),
    keysByMaster: async (pattern) => [...(await cluster.keysByMaster(pattern)).values()],
    stop: () => cluster.stop(),
  };
}

function quietClient(): Redis {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  return redis;
}

async function scanShared(pattern: string): Promise<string[]> {
  const redis = quietClient();
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys.sort();
  } finally {
    redis.disconnect();
  }
}
