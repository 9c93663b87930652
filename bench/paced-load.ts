import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { percentile } from './latency';
import type { LoadFigures, PacedLoad } from './load';

/** How long an answer may take before a paced request counts as an error. */
const PACED_TIMEOUT_MS = 10_000;

/**
 * Requests at an even pace (see {@link PacedLoad}), each latency counted from the moment it was
 * handed to the HTTP agent, so a server stall is charged to every request it holds back (they keep
 * being sent, and wait for a free connection), but the generator's own timer tick is not.
 * autocannon's `overallRate` is not this: each connection sends flat out until it has made its
 * share of the second, then waits for the next second, so "half the peak" is the peak for half of
 * every second, and its latencies are the saturated ones.
 *
 * The generator runs in a worker thread: a V8 heap of its own, holding only its requests in
 * flight. In the bench's main heap (autocannon's results, every section's figures) a young
 * generation collection paused the generator for 50-80 ms and an old generation one for 10-20 ms,
 * several times a run, and each pause held back a percent of the requests: the p99 was the
 * generator's own garbage collector, not the app's. One worker serves every paced run, so what
 * a warm-up taught its compiler (see PACED_WARM_UP_REQUESTS) is still there for the timed runs.
 */
export function pacedLoad(load: PacedLoad): Promise<LoadFigures> {
  const worker = generator();
  return new Promise((resolve, reject) => {
    const settled = () => {
      worker.off('message', answered).off('error', failed).off('exit', ended);
    };
    const answered = (figures: LoadFigures) => {
      settled();
      resolve(figures);
    };
    const failed = (error: Error) => {
      settled();
      reject(error);
    };
    const ended = (code: number) => failed(new Error(`the paced load generator exited with code ${code}`));
    worker.on('message', answered).on('error', failed).on('exit', ended);
    worker.postMessage(load);
  });
}

let pacedGenerator: Worker | undefined;

/** The one generator worker, started on first use; it does not keep the bench process alive. */
function generator(): Worker {
  if (!pacedGenerator) {
    pacedGenerator = new Worker(__filename, { workerData: { pacedGenerator: true } });
    pacedGenerator.unref();
    pacedGenerator.once('exit', () => (pacedGenerator = undefined));
  }
  return pacedGenerator;
}

/**
 * `rounds` paced runs, keeping the one with the lowest p99: a neighbour's stall of a few dozen
 * milliseconds holds back a percent of a run's requests and sets its p99, and other work on the
 * machine only raises a run's latencies, never lowers them.
 */
export async function bestPaced(rounds: number, load: PacedLoad): Promise<LoadFigures> {
  let best: LoadFigures | undefined;
  for (let round = 0; round < rounds; round++) {
    const figures = await pacedLoad(load);
    if (!best || figures.p99Ms < best.p99Ms) best = figures;
  }
  return best!;
}

/**
 * Requests a fresh generator sends before V8 has optimized Node's HTTP client: until then its
 * compiler threads share the generator's pinned core and hold its timers back by 10-50 ms.
 */
const PACED_WARM_UP_REQUESTS = 25_000;

/** Warms a paced target up, and the generator with it (see PACED_WARM_UP_REQUESTS), without keeping figures. */
export async function warmUpPaced(load: Omit<PacedLoad, 'durationS'>, durationS: number): Promise<void> {
  await pacedLoad({ ...load, durationS: Math.max(durationS, PACED_WARM_UP_REQUESTS / load.ratePerS) });
}

/** The generator itself, run in the worker (see {@link pacedLoad}). */
function sendPaced(load: PacedLoad): Promise<LoadFigures> {
  const target = new URL(load.url);
  const agent = new Agent({ keepAlive: true, maxSockets: load.connections });
  const total = Math.round(load.ratePerS * load.durationS);
  const intervalMs = 1000 / load.ratePerS;
  // Sized once: an array grown by push is copied, and its copies are garbage the generator makes.
  const latencies = new Float64Array(total);
  let answered = 0;
  const refusedByStatus: Record<string, number> = {};
  let sent = 0;
  let settled = 0;
  let ok = 0;
  let errors = 0;
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const settle = () => {
      if (++settled < total) return;
      agent.destroy();
      const durationS = (performance.now() - startedAt) / 1000;
      const sorted = Array.from(latencies.subarray(0, answered)).sort((a, b) => a - b);
      resolve({
        okPerS: ok / durationS,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        requests: total,
        ok,
        refusedByStatus,
        errors,
        durationS,
      });
    };
    const send = () => {
      const sentAt = performance.now();
      const call = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          headers: load.headers,
          agent,
        },
        (answer) => {
          answer.resume();
          answer.on('end', () => {
            latencies[answered++] = performance.now() - sentAt;
            const status = answer.statusCode ?? 0;
            if (status >= 200 && status < 300) ok++;
            else refusedByStatus[status] = (refusedByStatus[status] ?? 0) + 1;
            settle();
          });
        },
      );
      call.setTimeout(PACED_TIMEOUT_MS, () => call.destroy(new Error('paced request timed out')));
      call.on('error', () => {
        errors++;
        settle();
      });
      call.end();
    };
    const sendDue = () => {
      const due = Math.min(total, Math.floor((performance.now() - startedAt) / intervalMs) + 1);
      for (; sent < due; sent++) send();
      // Node's timers tick about once a millisecond: the requests due within one go out together.
      if (sent < total) setTimeout(sendDue, 1);
    };
    sendDue();
  });
}

if (!isMainThread && (workerData as { pacedGenerator?: boolean } | null)?.pacedGenerator) {
  // One run at a time: the bench awaits each run's figures before it asks for the next.
  parentPort!.on('message', (load: PacedLoad) => {
    void sendPaced(load).then((figures) => parentPort!.postMessage(figures));
  });
}
