import { Injectable, Logger } from '@nestjs/common';
import { Gauge, type GaugeConfiguration } from 'prom-client';
import { metricsRegistry } from '@omnigate/observability';
import { LowerApis, SYSTEM_APIS } from './lower-apis';

/** A gauge of the app's registry; an app built twice in one process (the OpenAPI generator) reuses the first. */
function gauge<T extends string>(configuration: GaugeConfiguration<T>): void {
  if (!metricsRegistry.getSingleMetric(configuration.name)) new Gauge(configuration);
}

interface QueuesAnswer {
  queues: {
    queue: string;
    depth: number;
    oldestAgeS: number | null;
    deadLetters: number;
    paused: { since: string } | null;
  }[];
}
interface PostingsAnswer {
  backlog: { pending: number; posted: number; dead: number; oldestPendingAgeS: number | null };
}

/**
 * What the alert rules watch across the stack, read when Prometheus scrapes this app: queue depths,
 * pauses, dead letters, ERP posting lag (from process-orders' operations API) and open breakers (from each
 * API's readiness). One scrape of the control tower sees the whole stack as the page does.
 */
@Injectable()
export class OperationsMetrics {
  private readonly logger = new Logger(OperationsMetrics.name);

  constructor(private readonly lower: LowerApis) {
    const read = this.snapshotOncePerScrape();
    gauge({
      name: 'omnigate_ops_queue_depth',
      help: 'Jobs of a queue of process-orders that are due (created or retrying, their start time passed)',
      labelNames: ['queue'],
      registers: [metricsRegistry],
      async collect() {
        this.reset();
        for (const q of (await read()).queues) this.set({ queue: q.queue }, q.depth);
      },
    });
    gauge({
      name: 'omnigate_ops_queue_oldest_age_seconds',
      help: 'How long the longest-waiting due job of a queue of process-orders has waited',
      labelNames: ['queue'],
      registers: [metricsRegistry],
      async collect() {
        this.reset();
        for (const q of (await read()).queues) this.set({ queue: q.queue }, q.oldestAgeS ?? 0);
      },
    });
    gauge({
      name: 'omnigate_ops_dead_letters',
      help: 'Jobs of a queue that used up their retries and wait for an operator',
      labelNames: ['queue'],
      registers: [metricsRegistry],
      async collect() {
        this.reset();
        for (const q of (await read()).queues) this.set({ queue: q.queue }, q.deadLetters);
      },
    });
    gauge({
      name: 'omnigate_ops_queue_paused_seconds',
      help: 'How long an operator has kept a queue of process-orders paused (0 while it runs)',
      labelNames: ['queue'],
      registers: [metricsRegistry],
      async collect() {
        this.reset();
        const now = Date.now();
        for (const q of (await read()).queues)
          this.set({ queue: q.queue }, q.paused ? (now - new Date(q.paused.since).getTime()) / 1000 : 0);
      },
    });
    gauge({
      name: 'omnigate_ops_erp_posting_lag_seconds',
      help: 'Age of the oldest ERP posting not yet posted (0 when none waits)',
      registers: [metricsRegistry],
      async collect() {
        const postings = (await read()).postings;
        if (postings) this.set(postings.backlog.oldestPendingAgeS ?? 0);
      },
    });
    gauge({
      name: 'omnigate_ops_erp_postings',
      help: 'ERP postings by status (pending, posted, dead)',
      labelNames: ['status'],
      registers: [metricsRegistry],
      async collect() {
        const postings = (await read()).postings;
        if (!postings) return;
        for (const status of ['pending', 'posted', 'dead'] as const)
          this.set({ status }, postings.backlog[status]);
      },
    });
    gauge({
      name: 'omnigate_ops_breaker_open',
      help: "1 while a breaker of an API's client to its backend is open, as its readiness reports it",
      labelNames: ['app', 'operation'],
      registers: [metricsRegistry],
      async collect() {
        this.reset();
        for (const app of (await read()).health)
          for (const b of app.breakers)
            this.set({ app: app.app, operation: b.operation }, b.state === 'open' ? 1 : 0);
      },
    });
    gauge({
      name: 'omnigate_ops_read_ok',
      help: '1 when the control tower could read process-orders operations API on this scrape',
      registers: [metricsRegistry],
      async collect() {
        this.set((await read()).ok ? 1 : 0);
      },
    });
  }

  /** The gauges of one scrape share one read of the APIs below (kept a second), not one each. */
  private snapshotOncePerScrape() {
    let last: { at: number; snapshot: Promise<Snapshot> } | undefined;
    return (): Promise<Snapshot> => {
      if (!last || Date.now() - last.at > 1_000) last = { at: Date.now(), snapshot: this.snapshot() };
      return last.snapshot;
    };
  }

  private async snapshot(): Promise<Snapshot> {
    const [queues, postings, health] = await Promise.all([
      this.lower.orders('queues'),
      this.lower.orders('erp-postings'),
      Promise.all(SYSTEM_APIS.map((app) => this.lower.health(app))),
    ]);
    const ok = queues.status === 200 && postings.status === 200;
    if (!ok)
      this.logger.warn(`operations metrics: process-orders answered ${queues.status} / ${postings.status}`);
    return {
      ok,
      queues: queues.status === 200 ? (queues.body as QueuesAnswer).queues : [],
      postings: postings.status === 200 ? (postings.body as PostingsAnswer) : null,
      health,
    };
  }
}

interface Snapshot {
  ok: boolean;
  queues: QueuesAnswer['queues'];
  postings: PostingsAnswer | null;
  health: Awaited<ReturnType<LowerApis['health']>>[];
}
