import { runAppExpectingExit } from '../support/app-process';

describe('configuration checked at start', () => {
  it('refuses to start system-erp with invalid values, naming each one', async () => {
    const { code, stderr } = await runAppExpectingExit('system-erp', { PORT: 'not-a-port', BREAKER_VOLUME_THRESHOLD: '1' });
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toMatch(/PORT: .*got 'not-a-port'/);
    expect(stderr).toMatch(/BREAKER_VOLUME_THRESHOLD: .*got '1'/);
  });

  it('refuses a malformed Redis URL, and Redis or lock timeouts out of range', async () => {
    const { code, stderr } = await runAppExpectingExit('system-erp', {
      REDIS_URL: 'localhost:6379',
      REDIS_COMMAND_TIMEOUT_MS: '0',
      CACHE_LOCK_TTL_MS: '10',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('REDIS_URL');
    expect(stderr).toMatch(/REDIS_COMMAND_TIMEOUT_MS: .*got '0'/);
    expect(stderr).toMatch(/CACHE_LOCK_TTL_MS: .*got '10'/);
  });
});
