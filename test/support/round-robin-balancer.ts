import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** Headers of one connection, never forwarded (RFC 9110, 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** One request the balancer passed to a replica, and how it ended. */
export interface Forwarded {
  replica: string;
  method: string;
  path: string;
  startedAt: number;
  finishedAt?: number;
  /** The replica's status, or undefined when the exchange failed (`error` says how). */
  status?: number;
  error?: string;
}

/**
 * A small load balancer, as a platform would put in front of the replicas of an app: round-robin
 * over the replicas whose `/health/ready` answered 200 on the last check, with keep-alive connections
 * to them. It never retries: a request a replica fails to answer is answered 502 and recorded.
 */
export class RoundRobinBalancer {
  url = '';
  readonly forwarded: Forwarded[] = [];
  /** When each replica was last seen leaving the rotation (readiness not 200, or unreachable). */
  readonly takenOutAt = new Map<string, number>();
  private readonly ready = new Set<string>();
  private readonly agent = new Agent({ keepAlive: true });
  private readonly listeners: ((entry: Forwarded) => void)[] = [];
  private server!: Server;
  private checker?: NodeJS.Timeout;
  private checking = false;
  private next = 0;

  constructor(
    private readonly replicas: string[],
    private readonly checkEveryMs = 100,
  ) {}

  async start(): Promise<this> {
    await this.checkAll();
    this.checker = setInterval(() => void this.checkAll(), this.checkEveryMs);
    this.server = createServer((req, res) => this.forward(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Calls `listener` each time a request is passed to a replica, before its answer. */
  onForward(listener: (entry: Forwarded) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    clearInterval(this.checker);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.agent.destroy();
  }

  private async checkAll(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await Promise.all(this.replicas.map((replica) => this.check(replica)));
    } finally {
      this.checking = false;
    }
  }

  private async check(replica: string): Promise<void> {
    const ok = await new Promise<boolean>((resolve) => {
      // A fresh connection per check, as balancers' health checks do, so they never hold a replica's keep-alive sockets.
      const probe = request(`${replica}/health/ready`, { agent: false, timeout: 1_000 }, (answer) => {
        answer.resume();
        resolve(answer.statusCode === 200);
      });
      probe.on('timeout', () => probe.destroy(new Error('readiness check timed out')));
      probe.on('error', () => resolve(false));
      probe.end();
    });
    if (ok) this.ready.add(replica);
    else if (this.ready.delete(replica)) this.takenOutAt.set(replica, Date.now());
  }

  private pick(): string | undefined {
    const inRotation = this.replicas.filter((replica) => this.ready.has(replica));
    if (inRotation.length === 0) return undefined;
    return inRotation[this.next++ % inRotation.length];
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const replica = this.pick();
    if (!replica) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no replica ready');
      return;
    }
    const entry: Forwarded = {
      replica,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      startedAt: Date.now(),
    };
    this.forwarded.push(entry);
    const upstream = request(
      `${replica}${entry.path}`,
      { method: entry.method, headers: endToEnd(req.headers), agent: this.agent },
      (answer) => {
        entry.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(res);
        answer.on('end', () => (entry.finishedAt = Date.now()));
        answer.on('error', (error) => {
          entry.error = `answer broke off: ${error.message}`;
          res.destroy(error);
        });
      },
    );
    upstream.on('error', (error) => {
      entry.error = (error as NodeJS.ErrnoException).code ?? error.message;
      entry.finishedAt = Date.now();
      if (!res.headersSent)
        res.writeHead(502, { 'content-type': 'text/plain' }).end(`replica failed: ${entry.error}`);
      else res.destroy(error);
    });
    req.pipe(upstream);
    for (const listener of this.listeners) listener(entry);
  }
}
