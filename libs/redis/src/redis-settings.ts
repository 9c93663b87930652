import type { BaseAppConfig } from '@omnigate/config';

/** Where an app's Redis is and how patiently it is talked to; every Redis client of the app opens with these. */
export interface RedisSettings {
  url: string;
  /** A command unanswered after this long fails; its caller degrades (to the backend, memory, local counters). */
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  /** Longest pause between two attempts to reach Redis again. */
  reconnectMaxDelayMs: number;
}

/** The app's Redis settings, or undefined when it runs without Redis (the embedded single-process default). */
export function redisSettingsFrom(config: BaseAppConfig): RedisSettings | undefined {
  if (!config.REDIS_URL) return undefined;
  return {
    url: config.REDIS_URL,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    connectTimeoutMs: config.REDIS_CONNECT_TIMEOUT_MS,
    reconnectMaxDelayMs: config.REDIS_RECONNECT_MAX_DELAY_MS,
  };
}
