import { type OnModuleDestroy } from '@nestjs/common';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { upstreamSaturated } from '@omnigate/observability';
import { TRAFFIC_PRIORITIES, type TrafficPriority } from './rate-limit-plan';

/** A threshold per priority; `browse` must be the lowest and `critical` (the hard limit) the highest. */
export type PriorityThresholds = Record<TrafficPriority, number>;

/** When the app counts as saturated for each priority. */
export interface LoadShedderOptions {
  /** Requests being served at which new requests of each priority are refused. */
  maxInFlight: PriorityThresholds;
  /** Event-loop delay (p99 over the last sample, ms) at which requests of each priority are refused. */
  maxEventLoopDelayMs: PriorityThresholds;
  /** How often the event-loop delay is sampled, in ms. */
  sampleIntervalMs: number;
}

/** Thresholds that leave a small app unshed in normal operation. */
export const DEFAULT_LOAD_SHEDDER_OPTIONS: LoadShedderOptions = {
  maxInFlight: { browse: 256, standard: 512, critical: 1024 },
  maxEventLoopDelayMs: { browse: 100, standard: 250, critical: 1000 },
  sampleIntervalMs: 500,
};

function checkOrdered(name: string, t: PriorityThresholds): void {
  if (!(t.browse <= t.standard && t.standard <= t.critical)) {
    throw new Error(`LoadShedder ${name}: thresholds must rise from browse to standard to critical`);
  }
}

/**
 * Refuses low-priority work first when the app is saturated: by requests in flight, by event-loop
 * delay, and (for `browse`) by a saturated upstream the request depends on.
 */
export class LoadShedder implements OnModuleDestroy {
  private readonly options: LoadShedderOptions;
  private readonly histogram: ReturnType<typeof monitorEventLoopDelay>;
  private readonly sampler: NodeJS.Timeout;
  private readonly saturatedUpstreams = new Set<string>();
  private inFlight = 0;
  private delayMs = 0;

  constructor(options: Partial<LoadShedderOptions> = {}) {
    this.options = { ...DEFAULT_LOAD_SHEDDER_OPTIONS, ...options };
    checkOrdered('maxInFlight', this.options.maxInFlight);
    checkOrdered('maxEventLoopDelayMs', this.options.maxEventLoopDelayMs);
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.sampler = setInterval(() => this.sample(), this.options.sampleIntervalMs).unref();
  }

  /** Reports whether an upstream API is saturated (e.g. a breaker of its client is open). */
  markUpstreamSaturated(backend: string, saturated: boolean): void {
    if (saturated) this.saturatedUpstreams.add(backend);
    else this.saturatedUpstreams.delete(backend);
    upstreamSaturated.set({ backend }, saturated ? 1 : 0);
  }

  /**
   * True when a new request of this priority, depending on these upstreams, would be refused now.
   * A saturated upstream sheds only the `browse` requests that depend on it; `dependsOn` undefined
   * (a route that does not say) counts as depending on every upstream.
   */
  sheds(priority: TrafficPriority, dependsOn?: readonly string[]): boolean {
    if (priority === 'browse' && this.dependsOnSaturated(dependsOn)) return true;
    return (
      this.inFlight >= this.options.maxInFlight[priority] ||
      this.delayMs >= this.options.maxEventLoopDelayMs[priority]
    );
  }

  /** Admits a request and returns the function that ends it (safe to call twice), or `undefined` when it is shed. */
  tryAdmit(priority: TrafficPriority, dependsOn?: readonly string[]): (() => void) | undefined {
    if (this.sheds(priority, dependsOn)) return undefined;
    this.inFlight += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
    };
  }

  /** What the shedder currently sees: `shedding` lists the priorities refused by load alone, whatever a request depends on. */
  get state(): {
    inFlight: number;
    eventLoopDelayMs: number;
    saturatedUpstreams: string[];
    shedding: TrafficPriority[];
  } {
    return {
      inFlight: this.inFlight,
      eventLoopDelayMs: this.delayMs,
      saturatedUpstreams: [...this.saturatedUpstreams],
      shedding: TRAFFIC_PRIORITIES.filter((p) => this.sheds(p, [])),
    };
  }

  onModuleDestroy(): void {
    clearInterval(this.sampler);
    this.histogram.disable();
  }

  private dependsOnSaturated(dependsOn: readonly string[] | undefined): boolean {
    if (dependsOn === undefined) return this.saturatedUpstreams.size > 0;
    return dependsOn.some((upstream) => this.saturatedUpstreams.has(upstream));
  }

  private sample(): void {
    this.delayMs = this.histogram.count > 0 ? this.histogram.percentile(99) / 1e6 : 0;
    this.histogram.reset();
  }
}
