import { type ChildProcess, spawn } from 'node:child_process';
import { BaseAppConfig, loadConfig } from '@omnigate/config';
import { type RedisSettings, redisSettingsFrom } from '@omnigate/redis';
import { Redis } from 'ioredis';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

/** The Redis settings an app configured with `REDIS_URL=url` (and `env`) gets, defaults included. */
export function redisSettingsFor(url: string, env: Record<string, string> = {}): RedisSettings {
  return redisSettingsFrom(loadConfig(BaseAppConfig, { PORT: '0', REDIS_URL: url, ...env }))!;
}

/**
 * A redis-server of a test's own, on a free port, without persistence: the test may freeze, kill
 * and restart it. The machine's shared Redis is never stopped.
 */
export class OwnRedisServer {
  private process?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedisServer> {
    const server = new OwnRedisServer(await freePort());
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The Redis settings an app configured with this server (and `env`) gets, defaults included. */
  settings(env: Record<string, string> = {}): RedisSettings {
    return redisSettingsFor(this.url, env);
  }

  /** Starts redis-server on the same port again (empty: nothing is persisted) and waits until it answers. */
  async restart(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    this.process = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitFor(
      () => this.answersPing().then((up) => (up ? true : undefined)),
      `redis-server on ${this.port}`,
    );
  }

  /** SIGSTOP: connections stay open and nothing answers, as with a hung Redis or a dead network path. */
  freeze(): void {
    this.process?.kill('SIGSTOP');
  }

  /** SIGKILL (after SIGCONT if frozen), and waits for the process to be gone. */
  async kill(): Promise<void> {
    if (!this.process || this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGKILL');
    await this.exited;
  }

  /** A client of this server for the test's own look at the keys (not one the apps use). */
  client(): Redis {
    const redis = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    return redis;
  }

  private async answersPing(): Promise<boolean> {
    const redis = this.client();
    try {
      await redis.connect();
      return (await redis.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      redis.disconnect();
    }
  }
}
