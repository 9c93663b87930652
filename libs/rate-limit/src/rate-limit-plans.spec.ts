import { InvalidClientAppRegistry } from '@omnigate/auth';
import { join } from 'node:path';
import { writeTestRegistry, TEST_APPS, removeTestRegistries } from '../../auth/test/registry-fixture';
import { RateLimitPlans } from './rate-limit-plans';

describe('RateLimitPlans', () => {
  it('loads the seeded plans of the development registry', () => {
    const plans = RateLimitPlans.fromFile(join(__dirname, '../../../config/client-apps.dev.json'));
    for (const name of ['storefront-standard', 'pos-device', 'service', 'partner-basic'])
      expect(plans.find(name)).toBeDefined();
    expect(plans.find('pos-device')).toMatchObject({ priority: 'critical', perDevice: true });
  });

  it('names a client app whose plan is not defined, and a malformed window', () => {
    const { file } = writeTestRegistry(TEST_APPS, (raw) => {
      (raw.clientApps as { plan: string }[])[3].plan = 'gold';
    });
    expect(() => RateLimitPlans.fromFile(file)).toThrow(
      "clientApps[3] (backoffice): plan 'gold' is not defined in plans",
    );

    const { file: badWindow } = writeTestRegistry(TEST_APPS, (raw) => {
      (raw.plans as { windows: { limit: number }[] }[])[1].windows[0].limit = 0;
    });
    try {
      RateLimitPlans.fromFile(badWindow);
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as InvalidClientAppRegistry).offenders).toEqual([
        expect.stringMatching(/^plans\[1\] \(pos-device\)\.windows\[0\] \(burst\)\.limit: /),
      ]);
    }
  });
});

afterAll(removeTestRegistries);
