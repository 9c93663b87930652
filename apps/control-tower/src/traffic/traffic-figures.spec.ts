import type { ControlTowerConfig } from '../control-tower.config';
import type { LowerAnswer, LowerApis, WatchedApp } from '../operations/lower-apis';
import { TrafficFigures } from './traffic-figures';

/** What the scripted apps' /metrics answer; an app missing from the map is unreachable. */
class ScriptedMetrics {
  texts = new Map<WatchedApp, string>();

  metrics(app: WatchedApp): Promise<LowerAnswer> {
    const text = this.texts.get(app);
    return Promise.resolve(
      text === undefined
        ? { status: 502, contentType: 'application/problem+json', body: {} }
        : { status: 200, contentType: 'text/plain', body: text },
    );
  }
}

const storefront = (requests: number, refusals: number) =>
  [
    `omnigate_http_request_duration_seconds_count{method="GET",route="/v1/stores/:storeId/availability",status="200"} ${requests}`,
    `omnigate_http_request_duration_seconds_count{method="GET",route="/health/ready",status="200"} ${requests * 10}`,
    `omnigate_rate_limit_refusals_total{client_app="web",window="burst"} ${refusals}`,
  ].join('\n');

describe('TrafficFigures', () => {
  const WINDOW_S = 60;
  let scripted: ScriptedMetrics;
  let figures: TrafficFigures;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-30T12:00:00Z') });
    scripted = new ScriptedMetrics();
    figures = new TrafficFigures(
      scripted as unknown as LowerApis,
      { TRAFFIC_WINDOW_S: WINDOW_S } as ControlTowerConfig,
    );
  });
  afterEach(() => jest.useRealTimers());

  it('counts from each app start on the first read, then about one window back, and takes a restarted counter as new', async () => {
    scripted.texts.set('experience-storefront', storefront(100, 4));
    const first = await figures.now();
    expect(first.periodS).toBeNull();
    expect(first.apps.find((a) => a.app === 'experience-storefront')).toMatchObject({
      reachable: true,
      requests: 100,
    });
    expect(first.apps.find((a) => a.app === 'system-erp')).toMatchObject({ reachable: false, requests: 0 });
    expect(first.rateLimitRefusals).toEqual([
      { app: 'experience-storefront', clientAppId: 'web', window: 'burst', refusals: 4 },
    ]);

    jest.advanceTimersByTime(30_000);
    scripted.texts.set('experience-storefront', storefront(130, 4));
    const second = await figures.now();
    expect(second.periodS).toBe(30);
    expect(second.apps.find((a) => a.app === 'experience-storefront')?.requests).toBe(30);
    // No refusal in the period: none listed.
    expect(second.rateLimitRefusals).toEqual([]);

    jest.advanceTimersByTime(45_000);
    scripted.texts.set('experience-storefront', storefront(190, 9));
    const third = await figures.now();
    // The reading of 75 s ago is the newest at least a window old.
    expect(third.periodS).toBe(75);
    expect(third.apps.find((a) => a.app === 'experience-storefront')?.requests).toBe(90);

    jest.advanceTimersByTime(20_000);
    // The storefront restarted: its counters begin again below the earlier reading.
    scripted.texts.set('experience-storefront', storefront(7, 1));
    const fourth = await figures.now();
    expect(fourth.periodS).toBe(65);
    expect(fourth.apps.find((a) => a.app === 'experience-storefront')?.requests).toBe(7);
    expect(fourth.rateLimitRefusals).toEqual([
      { app: 'experience-storefront', clientAppId: 'web', window: 'burst', refusals: 1 },
    ]);
  });

  it('reads backend failures, the p95 bucket and cache hit ratios from the growth of their counters', async () => {
    scripted.texts.set(
      'system-erp',
      [
        'omnigate_upstream_calls_total{backend="erp",operation="stock",outcome="ok"} 18',
        'omnigate_upstream_calls_total{backend="erp",operation="stock",outcome="unavailable"} 2',
        'omnigate_upstream_call_duration_seconds_bucket{le="0.025",backend="erp"} 10',
        'omnigate_upstream_call_duration_seconds_bucket{le="0.05",backend="erp"} 18',
        'omnigate_upstream_call_duration_seconds_bucket{le="0.1",backend="erp"} 19',
        'omnigate_upstream_call_duration_seconds_bucket{le="+Inf",backend="erp"} 20',
        'omnigate_cache_lookups_total{cache="stock",result="fresh"} 6',
        'omnigate_cache_lookups_total{cache="stock",result="stale"} 2',
        'omnigate_cache_lookups_total{cache="stock",result="miss"} 2',
      ].join('\n'),
    );
    const traffic = await figures.now();
    expect(traffic.backends).toEqual([
      { app: 'system-erp', backend: 'erp', calls: 20, failures: 2, errorRatio: 0.1, p95Ms: 100 },
    ]);
    expect(traffic.caches).toEqual([
      { app: 'system-erp', cache: 'stock', fresh: 6, stale: 2, miss: 2, hitRatio: 0.8 },
    ]);
  });
});
