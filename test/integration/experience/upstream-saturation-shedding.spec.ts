import type { AppProcess } from '../../support/app-process';
import { DEV_KEYS, DEV_STORES, getWithKey, startExperienceApp, startSystemStack, type SystemStack } from '../../support/experience-stack';
import { stopAll } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

describe('when a system API refuses work', () => {
  let stack: SystemStack;
  let storefront: AppProcess;
  let pos: AppProcess;
  let skus: string[];

  beforeAll(async () => {
    // system-erp without retries and with a quick breaker, so its failures reach the edge fast.
    stack = await startSystemStack({ RETRY_ATTEMPTS: '1', BREAKER_VOLUME_THRESHOLD: '5', BREAKER_RESET_MS: '1000' });
    [storefront, pos] = await Promise.all([startExperienceApp('experience-storefront', stack), startExperienceApp('experience-pos', stack)]);
    skus = (await stack.sandbox.seed()).skus.slice(100, 160);
  });
  afterAll(() => stopAll(storefront, pos, ...stack.apps));

  it('sheds storefront browsing while the store POS keeps being served, and stops shedding on recovery', async () => {
    await stack.sandbox.setFaults('erp', { outage: true });
    const storefrontRead = (sku: string) => getWithKey(storefront, `/v1/stores/${DEV_STORES[0]}/availability?skus=${sku}`, DEV_KEYS.web);

    // Reads of uncached stock fail upstream until the storefront's breaker to system-erp opens.
    const shed = await waitFor(async () => {
      const answer = await storefrontRead(skus[Math.floor(Math.random() * skus.length)]);
      expect(answer.status).toBeGreaterThanOrEqual(500);
      const problem = (await answer.json()) as { type: string };
      return problem.type.endsWith('/overloaded') ? answer : undefined;
    }, 'browse traffic to be shed', 60, 50);
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBeTruthy();

    const till = await getWithKey(pos, `/v1/stores/${DEV_STORES[0]}/prices?skus=${skus[0]}`, DEV_KEYS.posStore1Register);
    expect(till.status).toBe(200);

    await stack.sandbox.setFaults('erp', { outage: false });
    // The storefront's breaker lets a probe through after its reset interval (5 s); then browsing is served again.
    const served = await waitFor(async () => {
      const answer = await storefrontRead(skus[0]);
      return answer.status === 200 ? answer : undefined;
    }, 'browsing to be served again', 100, 200);
    expect(served.status).toBe(200);
  });
});
