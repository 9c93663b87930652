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

  it('refuses internal caller digests naming an unknown caller or something that is not a digest', async () => {
    const { code, stderr } = await runAppExpectingExit('system-loyalty', { INTERNAL_CALLER_KEY_DIGESTS: `shop:${'a'.repeat(64)},process-orders:secret-key-in-clear` });
    expect(code).toBe(1);
    expect(stderr).toMatch(/INTERNAL_CALLER_KEY_DIGESTS: unknown caller 'shop'.*; caller 'process-orders': 'secret-key-i\.\.\.' is not the 64 lowercase hex digits/);
  });

  it('needs process-orders to know its callers and its own key', async () => {
    const { code, stderr } = await runAppExpectingExit('process-orders', {});
    expect(code).toBe(1);
    expect(stderr).toMatch(/INTERNAL_CALLER_KEY_DIGESTS: .*\(unset\)/);
    expect(stderr).toMatch(/INTERNAL_SERVICE_KEY: .*\(unset\)/);
  });

  it("refuses an experience app's short service key and a token age out of bounds", async () => {
    const { code, stderr } = await runAppExpectingExit('experience-pos', { INTERNAL_SERVICE_KEY: 'too-short', OAUTH_MAX_TOKEN_AGE_S: '5' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/INTERNAL_SERVICE_KEY: INTERNAL_SERVICE_KEY must be one key of 24\+ characters without spaces \(got 9 characters\)/);
    expect(stderr).not.toContain('too-short');
    expect(stderr).toMatch(/OAUTH_MAX_TOKEN_AGE_S: .*got '5'/);
  });
});
