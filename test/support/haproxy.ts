import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

/** One app's replicas, balanced by one HAProxy frontend of the same name. */
export interface BalancedApp {
  name: string;
  /** The replicas' base URLs, `http://127.0.0.1:<port>`. */
  replicas: string[];
}

/** A server's state as HAProxy's stats report it: `UP`, `DOWN`, `MAINT`, or a transition such as `UP 1/2`. */
export type ServerStates = Record<string, string>;

/** The server name HAProxy gives replica `i` of `app` (also sent back in `X-Served-By`). */
export const serverName = (app: string, i: number): string => `${app}-${i + 1}`;

/**
 * The HAProxy configuration: one frontend per app on `ports[app]`, round-robin over its replicas.
 *
 * - Health checks: `GET /health/ready` every 300 ms, three failures in a row take a replica out, two
 *   successes put it back; a draining replica (readiness 503) leaves the rotation as a real balancer's would.
 * - One connection to a replica per request (`option http-server-close`): a request is never written to a
 *   kept-alive connection whose replica died while it sat idle (HAProxy would close the client's connection
 *   then, to have the client retry). A request is sent to a replica only once its connection is made.
 * - Retries: on connection failure only (`retry-on conn-failure`, HAProxy's default), each retry sent to
 *   another replica (`option redispatch 1`). A connection that was never made carried no request, so
 *   retrying it is safe for any method, POST included. A request already sent to a replica that dies is
 *   not retried, whatever its method: HAProxy answers 502. That is what the replica tests show: only the
 *   requests in flight on a dead replica fail. Retrying idempotent reads on `empty-response` too would hide
 *   those, and would hide the same failure of a POST where a retry may do the work twice.
 * - `X-Served-By` on every answer names the replica that gave it.
 */
export function haproxyConfig(apps: BalancedApp[], ports: Record<string, number>, statsPort: number): string {
  const lines = [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout http-keep-alive 10s',
    '  retries 2',
    '  retry-on conn-failure',
    '  option redispatch 1',
    '  option http-server-close',
    // A busy machine may answer a readiness check late: a check waits 2 s, and a replica leaves after three
    // failures in a row. A killed replica refuses connections at once, and its requests go elsewhere meanwhile.
    '  timeout check 2s',
    '  default-server inter 300ms fastinter 300ms downinter 300ms fall 3 rise 2',
    'frontend stats',
    `  bind 127.0.0.1:${statsPort}`,
    '  stats enable',
    '  stats uri /stats',
    '  stats refresh 1s',
  ];
  for (const app of apps) {
    lines.push(
      `frontend ${app.name}`,
      `  bind 127.0.0.1:${ports[app.name]}`,
      `  default_backend ${app.name}`,
      `backend ${app.name}`,
      '  balance roundrobin',
      '  option httpchk',
      '  http-check send meth GET uri /health/ready',
      '  http-check expect status 200',
      '  http-response set-header X-Served-By %s',
      ...app.replicas.map((url, i) => `  server ${serverName(app.name, i)} ${new URL(url).host} check`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Debian's `haproxy`, run by a test in the foreground (`-db`) in front of replicas it started. */
export class HaproxyBalancer {
  private stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly exited: Promise<void>,
    /** Each app's frontend URL, by app name. */
    readonly urls: Record<string, string>,
    private readonly statsUrl: string,
    private readonly apps: BalancedApp[],
  ) {
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /**
   * Writes the configuration to a temp dir and starts HAProxy. Replicas may start after it, on the ports
   * their URLs name: {@link untilEveryReplicaUp} waits for its health checks to find them.
   */
  static async start(apps: BalancedApp[]): Promise<HaproxyBalancer> {
    const ports: Record<string, number> = {};
    for (const app of apps) ports[app.name] = await freePort();
    const statsPort = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'omnigate-haproxy-'));
    const cfg = join(dir, 'haproxy.cfg');
    await writeFile(cfg, haproxyConfig(apps, ports, statsPort));
    const child = spawn('haproxy', ['-f', cfg, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const urls = Object.fromEntries(apps.map((app) => [app.name, `http://127.0.0.1:${ports[app.name]}`]));
    const balancer = new HaproxyBalancer(
      child,
      dir,
      exited,
      urls,
      `http://127.0.0.1:${statsPort}/stats;csv`,
      apps,
    );
    await waitFor(async () => {
      if (child.exitCode !== null)
        throw new Error(`haproxy exited with ${child.exitCode}:\n${balancer.stderr}`);
      return balancer.serverStates().then(
        () => true,
        () => undefined,
      );
    }, 'haproxy to answer');
    return balancer;
  }

  /** Waits until HAProxy's health checks see every replica UP. */
  async untilEveryReplicaUp(): Promise<void> {
    const everyServer = this.apps.flatMap((app) => app.replicas.map((_, i) => serverName(app.name, i)));
    await waitFor(async () => {
      const states = await this.serverStates();
      return everyServer.every((server) => states[server] === 'UP') ? true : undefined;
    }, 'haproxy to see every replica UP');
  }

  /** Every server's state, by server name, from HAProxy's CSV stats. */
  async serverStates(): Promise<ServerStates> {
    const csv = await fetch(this.statsUrl).then((r) => r.text());
    const [header, ...rows] = csv.replace(/^# /, '').trim().split('\n');
    const columns = header.split(',');
    const name = columns.indexOf('svname');
    const status = columns.indexOf('status');
    return Object.fromEntries(
      rows
        .map((row) => row.split(','))
        .filter((cells) => cells[name] !== 'FRONTEND' && cells[name] !== 'BACKEND')
        .map((cells) => [cells[name], cells[status]]),
    );
  }

  /** Waits until HAProxy's health checks put `server` in state `state`. */
  async until(server: string, state: string): Promise<void> {
    await waitFor(
      async () => ((await this.serverStates())[server] === state ? true : undefined),
      `${server} ${state} in haproxy`,
      100,
    );
  }

  /** Stops HAProxy and removes its configuration. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
    await rm(this.dir, { recursive: true, force: true });
  }
}
