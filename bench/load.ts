import autocannon from 'autocannon';

/** How hard and how long each timed load run pushes, after how long a warm-up. */
export interface LoadSettings {
  connections: number;
  durationS: number;
  warmUpS: number;
}

/** What one load run measured. Rates are per second, latencies in milliseconds. */
export interface LoadFigures {
  /** 2xx answers per second over the run: refusals do not count as throughput. */
  okPerS: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  ok: number;
  /** Answers other than 2xx, by status, e.g. { '429': 12 }. */
  refusedByStatus: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  durationS: number;
  /** CPU time the app under load used per answered request, in microseconds (bestOf with a process to watch). */
  appCpuUsPerRequest?: number;
}

/** A GET (or fixed) load: the same request over and over for `durationS`. */
export interface FixedLoad {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationS: number;
}

/**
 * An open-loop load: requests due at evenly spaced instants, `ratePerS` of them a second, sent
 * whether or not the earlier ones were answered, over at most `connections` keep-alive sockets.
 */
export interface PacedLoad extends FixedLoad {
  ratePerS: number;
}

/** A generated load: `amount` requests, each built by `build(n)` (its own body and headers). */
export interface GeneratedLoad {
  url: string;
  connections: number;
  amount: number;
  build(n: number): { method: 'POST' | 'PUT'; path: string; headers: Record<string, string>; body: string };
  /** Sees every answer, e.g. to keep the ids of created resources. */
  onAnswer?(status: number, body: string): void;
}

function figuresOf(result: autocannon.Result): LoadFigures {
  const refusedByStatus: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    if (!status.startsWith('2') && count) refusedByStatus[status] = count;
  }
  return {
    okPerS: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    ok: result['2xx'],
    refusedByStatus,
    errors: result.errors,
    durationS: result.duration,
  };
}

/** Runs autocannon in this process and resolves with its figures. */
function fire(options: autocannon.Options): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(figuresOf(result))));
  });
}

/** The same request for `durationS` seconds over `connections` keep-alive connections. */
export function fixedLoad(load: FixedLoad): Promise<LoadFigures> {
  return fire({
    url: load.url,
    headers: load.headers,
    connections: load.connections,
    duration: load.durationS,
  });
}

/** Exactly `amount` generated requests, as fast as the server answers them over `connections` connections. */
export function generatedLoad(load: GeneratedLoad): Promise<LoadFigures> {
  let n = 0;
  return fire({
    url: load.url,
    connections: load.connections,
    amount: load.amount,
    // Failed requests are not retried by autocannon; the figures show them as errors.
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => ({ ...request, ...load.build(n++) }),
        onResponse: load.onAnswer ? (status, body) => load.onAnswer!(status, body) : undefined,
      },
    ],
  });
}

/** Warms a target up (JIT, caches, connection pools) without keeping figures. */
export async function warmUp(load: FixedLoad, durationS = 2): Promise<void> {
  await fixedLoad({ ...load, durationS });
}

/** Runs `task(0..count-1)` with at most `concurrency` in flight; resolves with the results in order. */
export async function runConcurrently<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/**
 * `rounds` timed runs of every target, the targets taking turns (each round starting one later),
 * keeping each one's best run (most answers per second): other work on the machine lowers a run,
 * never raises it.
 */
export async function bestOf(
  rounds: number,
  loads: (FixedLoad & { app?: { cpuSeconds(): number | undefined } })[],
): Promise<LoadFigures[]> {
  const best: (LoadFigures | undefined)[] = loads.map(() => undefined);
  const leastCpu: (number | undefined)[] = loads.map(() => undefined);
  for (let round = 0; round < rounds; round++) {
    // Each round starts one target later: no target always holds the same place in the order.
    for (let turn = 0; turn < loads.length; turn++) {
      const i = (turn + round) % loads.length;
      const load = loads[i];
      const cpuBefore = load.app?.cpuSeconds();
      const figures = await fixedLoad(load);
      const cpuAfter = load.app?.cpuSeconds();
      if (!best[i] || figures.okPerS > best[i].okPerS) best[i] = figures;
      if (cpuBefore !== undefined && cpuAfter !== undefined && figures.requests > 0) {
        // The app's own CPU time per answer does not count the time it waited for a core: least is truest.
        const perRequest = ((cpuAfter - cpuBefore) * 1e6) / figures.requests;
        leastCpu[i] = Math.min(leastCpu[i] ?? Infinity, perRequest);
      }
    }
  }
  return best.map((figures, i) => ({
    ...figures!,
    ...(leastCpu[i] !== undefined && { appCpuUsPerRequest: leastCpu[i] }),
  }));
}
