import { parsePrometheusText } from './prometheus-text';

describe('parsePrometheusText', () => {
  it('reads names, labels (escapes included) and values of the metrics with the prefix, and skips the rest', () => {
    const text = [
      '# HELP omnigate_cache_lookups_total Cache lookups by result',
      '# TYPE omnigate_cache_lookups_total counter',
      'omnigate_cache_lookups_total{cache="edge-stock",result="fresh"} 42',
      'omnigate_upstream_call_duration_seconds_bucket{le="0.05",backend="erp"} 7',
      'omnigate_upstream_call_duration_seconds_bucket{le="+Inf",backend="erp"} 9',
      'omnigate_rate_limit_refusals_total{client_app="a\\"b",window="burst"} 3 1700000000000',
      'process_cpu_seconds_total 12.5',
      'omnigate_broken{cache="x"} not-a-number',
    ].join('\n');
    expect(parsePrometheusText(text, 'omnigate_')).toEqual([
      { name: 'omnigate_cache_lookups_total', labels: { cache: 'edge-stock', result: 'fresh' }, value: 42 },
      {
        name: 'omnigate_upstream_call_duration_seconds_bucket',
        labels: { le: '0.05', backend: 'erp' },
        value: 7,
      },
      {
        name: 'omnigate_upstream_call_duration_seconds_bucket',
        labels: { le: '+Inf', backend: 'erp' },
        value: 9,
      },
      {
        name: 'omnigate_rate_limit_refusals_total',
        labels: { client_app: 'a"b', window: 'burst' },
        value: 3,
      },
    ]);
  });
});
