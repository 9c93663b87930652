import type { BaseAppConfig } from '@omnigate/config';

/** Which Redis an app talks to: one server (`REDIS_URL`), or a Redis Cluster through some of its nodes (`REDIS_CLUSTER_NODES`). */
export type RedisTopology = { kind: 'single'; url: string } | { kind: 'cluster'; nodeUrls: string[] };

/** Where an app's Redis is and how patiently it is talked to; every Redis client of the app opens with these. */
export interface RedisSettings {
  topology: RedisTopology;
  /** A command unanswered after this long fails; its caller degrades (to the backend, memory, local counters). */
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  /** Longest pause between two attempts to reach Redis again. */
  reconnectMaxDelayMs: number;
}

/** The app's Redis settings, or undefined when it runs without Redis (the embedded single-process default). */
export function redisSettingsFrom(config: BaseAppConfig): RedisSettings | undefined {
  const topology = topologyOf(config);
  if (!topology) return undefined;
  return {
    topology,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    connectTimeoutMs: config.REDIS_CONNECT_TIMEOUT_MS,
    reconnectMaxDelayMs: config.REDIS_RECONNECT_MAX_DELAY_MS,
  };
}

function topologyOf(config: BaseAppConfig): RedisTopology | undefined {
  if (config.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodeUrls: config.REDIS_CLUSTER_NODES.split(',') };
  if (config.REDIS_URL) return { kind: 'single', url: config.REDIS_URL };
  return undefined;
}
