import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BaseAppConfig, loadConfig } from '@omnigate/config';
import { type RedisSettings, redisSettingsFrom } from '@omnigate/redis';
import { Cluster, Redis } from 'ioredis';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const run = promisify(execFile);

/** One master of a test's own cluster: its ports and the process serving it now. */
interface ClusterNode {
  port: number;
  busPort: number;
  process?: ChildProcess;
  exited?: Promise<void>;
}

/**
 * A Redis Cluster of a test's own: three masters (no replicas) on free ports, without persistence,
 * their cluster files in a temporary directory. Started with `redis-server --cluster-enabled yes`
 * and `redis-cli --cluster create`; {@link stop} kills the processes it started and removes the
 * directory. The machine's shared Redis is never touched.
 */
export class OwnRedisCluster {
  private constructor(
    private readonly dir: string,
    private readonly nodes: ClusterNode[],
  ) {}

  static async start(masters = 3): Promise<OwnRedisCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'omnigate-redis-cluster-'));
    const nodes: ClusterNode[] = [];
    const cluster = new OwnRedisCluster(dir, nodes);
    try {
      // The cluster bus port is set apart: the default (port + 10000) may be taken, or past 65535.
      const ports = await distinctFreePorts(2 * masters);
      for (let i = 0; i < masters; i++) nodes.push({ port: ports[2 * i], busPort: ports[2 * i + 1] });
      await cluster.startNodes();
      await run(
        'redis-cli',
        [
          '--cluster',
          'create',
          ...nodes.map((n) => `127.0.0.1:${n.port}`),
          '--cluster-replicas',
          '0',
          '--cluster-yes',
        ],
        { timeout: 30_000 },
      );
      await cluster.untilStateOk();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** The masters' client ports. */
  get ports(): number[] {
    return this.nodes.map((node) => node.port);
  }

  /** `REDIS_CLUSTER_NODES` naming every master, as an app is configured. */
  get nodesSetting(): string {
    return this.ports.map((port) => `redis://127.0.0.1:${port}`).join(',');
  }

  /** The Redis settings an app configured with this cluster (and `env`) gets, defaults included. */
  settings(env: Record<string, string> = {}): RedisSettings {
    return redisSettingsFrom(
      loadConfig(BaseAppConfig, { PORT: '0', REDIS_CLUSTER_NODES: this.nodesSetting, ...env }),
    )!;
  }

  /** A cluster client for the test's own look at the keys (not one the apps use). */
  client(): Cluster {
    const cluster = new Cluster(
      this.ports.map((port) => ({ host: '127.0.0.1', port })),
      { redisOptions: { maxRetriesPerRequest: 0 }, clusterRetryStrategy: () => null },
    );
    cluster.on('error', () => undefined);
    return cluster;
  }

  /** The keys matching `pattern` on each master, by port: where the cluster placed them. */
  async keysByMaster(pattern: string): Promise<Map<number, string[]>> {
    const found = await Promise.all(
      this.ports.map(async (port) => [port, await keysOn(port, pattern)] as const),
    );
    return new Map(found);
  }

  /** The keys matching `pattern` on every master. */
  async keys(pattern: string): Promise<string[]> {
    return [...(await this.keysByMaster(pattern)).values()].flat().sort();
  }

  /** SIGSTOP on every node: connections stay open and nothing answers, as with a hung cluster. */
  freeze(): void {
    for (const node of this.nodes) node.process?.kill('SIGSTOP');
  }

  /** SIGKILL on every node (a frozen one too), and waits for them to be gone. */
  async kill(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node) => {
        if (!node.process || node.process.exitCode !== null || node.process.signalCode !== null) return;
        node.process.kill('SIGKILL');
        await node.exited;
      }),
    );
  }

  /** Starts every node again on its ports (empty: only the cluster's layout is kept) and waits for cluster_state:ok. */
  async restart(): Promise<void> {
    await this.startNodes();
    await this.untilStateOk();
  }

  /** Kills every node this cluster started and removes their files. */
  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async startNodes(): Promise<void> {
    for (const node of this.nodes) {
      node.process = spawnNode(this.dir, node.port, node.busPort);
      const child = node.process;
      node.exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    }
    await Promise.all(
      this.nodes.map((node) =>
        waitFor(
          () => answersPing(node.port).then((up) => (up ? true : undefined)),
          `redis-server on ${node.port}`,
        ),
      ),
    );
  }

  private async untilStateOk(): Promise<void> {
    await Promise.all(
      this.nodes.map((node) =>
        waitFor(
          () => clusterStateOk(node.port).then((ok) => (ok ? true : undefined)),
          `cluster_state:ok on ${node.port}`,
        ),
      ),
    );
  }
}

function spawnNode(dir: string, port: number, busPort: number): ChildProcess {
  return spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--cluster-port',
      String(busPort),
      '--bind',
      '127.0.0.1',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      join(dir, `nodes-${port}.conf`),
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
    ],
    { stdio: 'ignore' },
  );
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** A plain connection to one node, which answers only for the slots that node serves. */
async function withNode<T>(port: number, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

function answersPing(port: number): Promise<boolean> {
  return withNode(port, async (redis) => (await redis.ping()) === 'PONG').catch(() => false);
}

function clusterStateOk(port: number): Promise<boolean> {
  return withNode(port, async (redis) =>
    String(await redis.cluster('INFO')).includes('cluster_state:ok'),
  ).catch(() => false);
}

function keysOn(port: number, pattern: string): Promise<string[]> {
  return withNode(port, async (redis) => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  });
}
