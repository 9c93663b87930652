import { Gauge } from 'prom-client';
import { metricsRegistry } from '@omnigate/observability';
import type { PostingBacklog } from './posting-ledger';

/** What the posting gauges show, read at each scrape. */
export interface PostingPipelineReading {
  backlog: PostingBacklog;
  erpUnavailable: boolean;
  /** Dead letters waiting, per queue. */
  deadLetters: Record<string, number>;
}

let read: (() => Promise<PostingPipelineReading>) | undefined;
let reading: Promise<PostingPipelineReading | undefined> | undefined;

// One scrape collects four gauges; they share one reading of the database.
function current(): Promise<PostingPipelineReading | undefined> {
  reading ??= (read?.() ?? Promise.resolve(undefined))
    .catch(() => undefined)
    .finally(() => setTimeout(() => (reading = undefined), 0));
  return reading;
}

/** Postings waiting for the ERP (pending in the ledger). */
export const postingBacklogGauge = new Gauge({
  name: 'omnigate_erp_postings_pending',
  help: 'ERP postings waiting in the ledger',
  registers: [metricsRegistry],
  async collect() {
    const r = await current();
    if (r) this.set(r.backlog.pending);
  },
});

/** Age of the oldest posting still waiting: the posting lag. */
export const oldestPendingPostingGauge = new Gauge({
  name: 'omnigate_erp_postings_oldest_pending_age_seconds',
  help: 'Age of the oldest ERP posting still waiting, 0 when none waits',
  registers: [metricsRegistry],
  async collect() {
    const r = await current();
    if (r) this.set(r.backlog.oldestPendingAgeS ?? 0);
  },
});

/** Dead letters waiting for an operator, per queue. */
export const deadLettersGauge = new Gauge({
  name: 'omnigate_dead_letters',
  help: 'Jobs waiting in a dead letter queue for a replay, per queue',
  labelNames: ['queue'],
  registers: [metricsRegistry],
  async collect() {
    const r = await current();
    if (r) for (const [queue, count] of Object.entries(r.deadLetters)) this.set({ queue }, count);
  },
});

/** 1 while the ERP refuses work (a breaker open, maintenance, failing calls), as the posting workers see it. */
export const erpBreakerGauge = new Gauge({
  name: 'omnigate_erp_breaker_open',
  help: 'Whether the ERP refuses postings right now (breaker open, maintenance or failing calls): 1 open, 0 closed',
  registers: [metricsRegistry],
  async collect() {
    const r = await current();
    if (r) this.set(r.erpUnavailable ? 1 : 0);
  },
});

/** Where the gauges read from: set once by the app that runs the posting pipeline. */
export function watchPostingPipeline(reader: () => Promise<PostingPipelineReading>): void {
  read = reader;
}
