import { Injectable } from '@nestjs/common';
import { ControlTowerConfig } from '../control-tower.config';
import { type LowerAnswer, LowerApis, WATCHED_APPS, type WatchedApp } from '../operations/lower-apis';
import { type MetricSample, parsePrometheusText } from './prometheus-text';

/** Every app's `omnigate_*` samples at one moment, or why they could not be read. */
interface Reading {
  at: number;
  apps: Map<WatchedApp, MetricSample[] | { unreadable: string }>;
}

const samplesOf = (reading: Reading | undefined, app: WatchedApp): MetricSample[] | undefined => {
  const read = reading?.apps.get(app);
  return Array.isArray(read) ? read : undefined;
};

/** The part of one app's counters that grew between two readings (all of them when there is no earlier reading). */
type Growth = (name: string, labels: Record<string, string>) => number;

const OWN_ROUTES = /^\/(health|metrics)/;

/**
 * The traffic of the stack now, from every app's `/metrics`: requests, 5xx and 429 answers per app,
 * rate-limit refusals per client app, backend calls with their failures and latency, cache hit
 * ratios. Counters are compared with the reading about TRAFFIC_WINDOW_S seconds earlier (the page
 * polls, so one is kept); with none yet, the figures count from each app's start and say so.
 */
@Injectable()
export class TrafficFigures {
  private readings: Reading[] = [];

  constructor(
    private readonly lower: LowerApis,
    private readonly config: ControlTowerConfig,
  ) {}

  async now() {
    const current = await this.read();
    const windowMs = this.config.TRAFFIC_WINDOW_S * 1000;
    const earlier = this.readings.filter((r) => r.at < current.at);
    // The newest reading at least a window old, else the oldest kept: about one window of traffic.
    const baseline = earlier.filter((r) => current.at - r.at >= windowMs).at(-1) ?? earlier[0];
    this.readings = [...earlier.filter((r) => r === baseline || current.at - r.at < windowMs), current];

    const apps = WATCHED_APPS.map((app) => ({
      app,
      samples: samplesOf(current, app) ?? [],
      growth: growthOf(samplesOf(current, app), samplesOf(baseline, app)),
    }));
    const unreadable = (app: WatchedApp) => {
      const read = current.apps.get(app);
      return read && !Array.isArray(read)
        ? { reachable: false, unreadable: read.unreadable }
        : { reachable: true };
    };
    return {
      periodS: baseline ? Math.round((current.at - baseline.at) / 1000) : null,
      since: baseline ? new Date(baseline.at).toISOString() : 'each app started',
      apps: apps.map(({ app, samples, growth }) => ({
        app,
        ...unreadable(app),
        ...answersOf(samples, growth),
      })),
      backends: apps.flatMap(({ app, samples, growth }) => backendsOf(app, samples, growth)),
      caches: apps.flatMap(({ app, samples, growth }) => cachesOf(app, samples, growth)),
      rateLimitRefusals: apps.flatMap(({ app, samples, growth }) => refusalsOf(app, samples, growth)),
    };
  }

  private async read(): Promise<Reading> {
    const answers = await Promise.all(
      WATCHED_APPS.map(async (app) => [app, await this.lower.metrics(app)] as const),
    );
    return {
      at: Date.now(),
      apps: new Map(
        answers.map(([app, answer]) => [
          app,
          answer.status === 200 && typeof answer.body === 'string'
            ? parsePrometheusText(answer.body, 'omnigate_')
            : { unreadable: problemOf(answer) },
        ]),
      ),
    };
  }
}

function problemOf(answer: LowerAnswer): string {
  const problem = answer.body as { detail?: string; title?: string } | null;
  return `${answer.status} ${problem?.detail ?? problem?.title ?? ''}`.trim();
}

const keyOf = (name: string, labels: Record<string, string>) =>
  `${name}${JSON.stringify(Object.entries(labels).sort())}`;

function growthOf(now: MetricSample[] | undefined, then: MetricSample[] | undefined): Growth {
  const before = new Map((then ?? []).map((s) => [keyOf(s.name, s.labels), s.value]));
  const after = new Map((now ?? []).map((s) => [keyOf(s.name, s.labels), s.value]));
  return (name, labels) => {
    const key = keyOf(name, labels);
    const value = after.get(key) ?? 0;
    const previous = before.get(key) ?? 0;
    // A counter that went down was reset by a restart: all of it is new.
    return value >= previous ? value - previous : value;
  };
}

/** The samples named `name`, each with how much it grew. */
function grown(samples: MetricSample[], name: string, growth: Growth) {
  return samples
    .filter((s) => s.name === name)
    .map((s) => ({ labels: s.labels, by: growth(s.name, s.labels) }));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function answersOf(samples: MetricSample[], growth: Growth) {
  const requests = grown(samples, 'omnigate_http_request_duration_seconds_count', growth).filter(
    (s) => !OWN_ROUTES.test(s.labels.route ?? ''),
  );
  return {
    requests: sum(requests.map((s) => s.by)),
    serverErrors: sum(requests.filter((s) => s.labels.status?.startsWith('5')).map((s) => s.by)),
    tooManyRequests: sum(requests.filter((s) => s.labels.status === '429').map((s) => s.by)),
  };
}

function backendsOf(app: WatchedApp, samples: MetricSample[], growth: Growth) {
  const calls = grown(samples, 'omnigate_upstream_calls_total', growth);
  const buckets = grown(samples, 'omnigate_upstream_call_duration_seconds_bucket', growth);
  return [...new Set(calls.map((c) => c.labels.backend))].sort().map((backend) => {
    const mine = calls.filter((c) => c.labels.backend === backend);
    const total = sum(mine.map((c) => c.by));
    const failures = sum(mine.filter((c) => c.labels.outcome !== 'ok').map((c) => c.by));
    return {
      app,
      backend,
      calls: total,
      failures,
      errorRatio: total === 0 ? null : round(failures / total),
      p95Ms: quantileMs(
        buckets.filter((b) => b.labels.backend === backend),
        0.95,
      ),
    };
  });
}

/** The upper bound (ms) of the histogram bucket that holds the quantile; null without observations or beyond the last bound. */
function quantileMs(buckets: { labels: Record<string, string>; by: number }[], q: number): number | null {
  const sorted = buckets
    .map((b) => ({ le: Number(b.labels.le === '+Inf' ? Infinity : b.labels.le), count: b.by }))
    .sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const bucket = sorted.find((b) => b.count >= q * total)!;
  return Number.isFinite(bucket.le) ? Math.round(bucket.le * 1000) : null;
}

function cachesOf(app: WatchedApp, samples: MetricSample[], growth: Growth) {
  const lookups = grown(samples, 'omnigate_cache_lookups_total', growth);
  return [...new Set(lookups.map((l) => l.labels.cache))].sort().map((cache) => {
    const of = (result: string) =>
      sum(lookups.filter((l) => l.labels.cache === cache && l.labels.result === result).map((l) => l.by));
    const [fresh, stale, miss] = [of('fresh'), of('stale'), of('miss')];
    const total = fresh + stale + miss;
    return { app, cache, fresh, stale, miss, hitRatio: total === 0 ? null : round((fresh + stale) / total) };
  });
}

function refusalsOf(app: WatchedApp, samples: MetricSample[], growth: Growth) {
  return grown(samples, 'omnigate_rate_limit_refusals_total', growth)
    .filter((s) => s.by > 0)
    .map((s) => ({ app, clientAppId: s.labels.client_app, window: s.labels.window, refusals: s.by }));
}

const round = (ratio: number) => Math.round(ratio * 1000) / 1000;
