import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AppProcess, startApp } from '../../support/app-process';
import {
  type OrdersStack,
  startExperienceOver,
  startOrdersStack,
  stopOrdersStack,
} from '../../support/orders-stack';
import { ACCEPTED_CALLERS, CALLER_KEYS, TOWER_KEYS, scraperHeaders } from '../../support/stack';

const MONITORING = join(__dirname, '..', '..', '..', 'deploy', 'monitoring');
const RULES = join(MONITORING, 'prometheus', 'omnigate-alerts.yml');
const DASHBOARD = join(MONITORING, 'grafana', 'omnigate-control-tower.json');
const OMNIGATE_METRIC = /\bomnigate_[a-z0-9_]+\b/g;

/** Every series name an app's /metrics may carry: each `# TYPE` line, with a histogram's and summary's own series. */
function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

/**
 * The alert rules and the Grafana dashboard under deploy/monitoring name only metrics the running
 * apps expose: a renamed or removed metric fails here, not silently in production.
 */
describe('monitoring as code', () => {
  let stack: OrdersStack;
  let pos: AppProcess;
  let tower: AppProcess;
  let exposed: Set<string>;
  let towerMetrics: string;

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'pglite' });
    [pos, tower] = await Promise.all([
      startExperienceOver(stack, 'experience-pos'),
      startApp('control-tower', {
        LOG_LEVEL: 'warn',
        INTERNAL_SERVICE_KEY: CALLER_KEYS['control-tower'],
        INTERNAL_CALLER_KEY_DIGESTS: ACCEPTED_CALLERS,
        PROCESS_ORDERS_URL: stack.orders.url,
        SYSTEM_ERP_URL: stack.systems.erp.url,
        SYSTEM_POS_URL: stack.systems.pos.url,
        SYSTEM_LOYALTY_URL: stack.systems.loyalty.url,
        SYSTEM_OMS_URL: stack.systems.oms.url,
        ...TOWER_KEYS.settings,
      }),
    ]);
    const apps = [tower, pos, stack.orders, ...Object.values(stack.systems)];
    const scraped = await Promise.all(
      apps.map(async (app) => {
        const response = await fetch(`${app.url}/metrics`, { headers: scraperHeaders() });
        expect(response.status).toBe(200);
        return response.text();
      }),
    );
    towerMetrics = scraped[0];
    exposed = new Set(scraped.flatMap((text) => [...exposedNames(text)]));
  });
  afterAll(async () => {
    await Promise.all([pos?.stop(), tower?.stop()]);
    await stopOrdersStack(stack);
  });

  const namesIn = (file: string) =>
    [...new Set(readFileSync(file, 'utf8').match(OMNIGATE_METRIC) ?? [])].sort();

  it('alert rules watch posting lag, dead letters, open breakers, 5xx and 429 rates, with metrics the apps expose', () => {
    const rules = readFileSync(RULES, 'utf8');
    for (const alert of [
      'OmnigateErpPostingLag',
      'OmnigateDeadLetters',
      'OmnigateBreakerOpen',
      'OmnigateHigh5xxRate',
      'OmnigateHigh429Rate',
      'OmnigateQueuePausedLong',
    ])
      expect(rules).toContain(`alert: ${alert}`);
    const named = namesIn(RULES);
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('the Grafana dashboard queries only metrics the apps expose', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    expect(dashboard.panels.length).toBeGreaterThan(5);
    const named = namesIn(DASHBOARD);
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((name) => !exposed.has(name))).toEqual([]);
  });

  it("the control tower's gauges carry the stack's state on each scrape", () => {
    expect(towerMetrics).toMatch(/^omnigate_ops_read_ok 1$/m);
    expect(towerMetrics).toMatch(/^omnigate_ops_dead_letters\{queue="erp-postings"\} 0$/m);
    expect(towerMetrics).toMatch(/^omnigate_ops_queue_paused_seconds\{queue="erp-postings"\} 0$/m);
    expect(towerMetrics).toMatch(/^omnigate_ops_erp_postings\{status="dead"\} 0$/m);
    // Breakers appear once an API has called its backend; the gauge is there from the start.
    expect(towerMetrics).toMatch(/^# TYPE omnigate_ops_breaker_open gauge$/m);
  });

  it('a name the apps do not expose is caught', () => {
    expect(exposed.has('omnigate_ops_dead_letters')).toBe(true);
    expect(exposed.has('omnigate_ops_dead_letter')).toBe(false);
  });
});
