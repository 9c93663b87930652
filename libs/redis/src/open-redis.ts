import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { rootLogger } from '@omnigate/observability';
import type { RedisSettings } from './redis-settings';

/** A connection to the app's Redis: one server, or a Redis Cluster (commands go to the node of their key's slot). */
export type RedisConnection = Redis | Cluster;

/**
 * Opens a Redis connection that never makes a request wait on Redis for longer than the command
 * timeout. No offline queue: while Redis is away a command fails at once instead of queueing, and
 * nothing queued is replayed later (a late replayed SET or lock would overwrite newer state, a
 * replayed counter would count twice). Reconnects in the background, backing off up to the
 * configured pause. A Redis down at start does not stop the app; `purpose` names the connection
 * in the log lines that say when Redis went away and came back. The one place that chooses
 * between one Redis and a Redis Cluster.
 */
export async function openRedis(settings: RedisSettings, purpose: string): Promise<RedisConnection> {
  const { topology } = settings;
  const redis =
    topology.kind === 'cluster'
      ? openCluster(topology.nodeUrls, settings)
      : new Redis(topology.url, { ...perConnection(settings), retryStrategy: retryDelay(settings) });
  logOutages(redis, purpose);
  // A cluster's connect() waits until its slots are known, retrying for as long as it takes: the app
  // starts after the connect timeout whatever Redis does, and goes on connecting in the background.
  const connected = redis.connect().then(
    () => true,
    () => false,
  );
  const ready = await Promise.race([connected, sleep(settings.connectTimeoutMs, false, { ref: false })]);
  if (ready && redis instanceof Cluster)
    await Promise.all(redis.nodes('master').map((node) => node.ping().catch(() => undefined)));
  return redis;
}

/** How every connection to a Redis server is held, alone or as a node of a cluster. */
function perConnection(settings: RedisSettings): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: settings.connectTimeoutMs,
  };
}

const retryDelay = (settings: RedisSettings) => (attempt: number) =>
  Math.min(attempt * 100, settings.reconnectMaxDelayMs);

function openCluster(nodeUrls: string[], settings: RedisSettings): Cluster {
  const nodes = nodeUrls.map((url) => new URL(url));
  // Nodes announce addresses without credentials: every node is reached with the first URL's.
  const [first] = nodes;
  const { lazyConnect, enableOfflineQueue, ...nodeOptions } = perConnection(settings);
  const options: ClusterOptions = {
    lazyConnect,
    enableOfflineQueue,
    // A command whose node went away, or sent while the cluster is down, fails at once as on one
    // Redis rather than being retried past the command timeout; the slot map is refreshed in the background.
    retryDelayOnFailover: 0,
    retryDelayOnClusterDown: 0,
    clusterRetryStrategy: retryDelay(settings),
    slotsRefreshTimeout: settings.connectTimeoutMs,
    redisOptions: {
      ...nodeOptions,
      username: decodeURIComponent(first.username) || undefined,
      password: decodeURIComponent(first.password) || undefined,
      tls: first.protocol === 'rediss:' ? {} : undefined,
    },
  };
  const cluster = new Cluster(
    nodes.map((node) => ({ host: node.hostname, port: Number(node.port || 6379) })),
    options,
  );
  // The cluster opens a node's connection on its first command, and without an offline queue a
  // command meeting a connection still opening fails: open each one as soon as the cluster knows the node.
  cluster.on('+node', (node: Redis) => void node.connect().catch(() => undefined));
  return cluster;
}

function logOutages(redis: RedisConnection, purpose: string): void {
  const logger = rootLogger().child({ redis: purpose });
  let away = false;
  // Without an error listener ioredis prints every failed reconnection attempt; one line per outage is enough.
  const onError = (error: Error) => {
    if (away) return;
    away = true;
    logger.warn({ err: error }, 'Redis unreachable; degrading until it is back');
  };
  const onBack = () => {
    if (!away) return;
    away = false;
    logger.info('Redis is back');
  };
  redis.on('error', onError);
  redis.on('ready', onBack);
  if (redis instanceof Cluster) {
    // A cluster reports a node it cannot reach apart from its own errors, and stays ready meanwhile:
    // a node connection made again says the node is back.
    redis.on('node error', onError);
    redis.on('+node', onBack);
  }
}
