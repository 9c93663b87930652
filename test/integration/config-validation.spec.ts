import { runAppExpectingExit } from '../support/app-process';

describe('configuration checked at start', () => {
  it('refuses to start system-erp with invalid values, naming each one', async () => {
    const { code, stderr } = await runAppExpectingExit('system-erp', { PORT: 'not-a-port', BREAKER_VOLUME_THRESHOLD: '1' });
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toMatch(/PORT: .*got 'not-a-port'/);
    expect(stderr).toMatch(/BREAKER_VOLUME_THRESHOLD: .*got '1'/);
  });

  it('refuses a malformed Redis URL', async () => {
    const { code, stderr } = await runAppExpectingExit('system-erp', { REDIS_URL: 'localhost:6379' });
    expect(code).toBe(1);
    expect(stderr).toContain('REDIS_URL');
  });

  it('refuses a shutdown timeout that leaves no time after the drain delay', async () => {
    const { code, stderr } = await runAppExpectingExit('system-pos', { SHUTDOWN_DRAIN_DELAY_MS: '5000', SHUTDOWN_TIMEOUT_MS: '6000' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/SHUTDOWN_TIMEOUT_MS: .*must be at least SHUTDOWN_DRAIN_DELAY_MS \+ 2000 \(got '6000'\)/);
  });
});
