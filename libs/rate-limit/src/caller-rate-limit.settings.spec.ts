import { BaseAppConfig, loadConfig } from '@omnigate/config';
import {
  callerRateLimitsFrom,
  DEFAULT_CALLER_RATE_LIMITS,
  IsCallerBurst,
  IsCallerRatePerS,
} from './caller-rate-limit.settings';

class ProbeConfig extends BaseAppConfig {
  override PORT = 0;

  @IsCallerRatePerS()
  INTERNAL_RATE_LIMIT_PER_S: number = DEFAULT_CALLER_RATE_LIMITS.perS;

  @IsCallerBurst()
  INTERNAL_RATE_LIMIT_BURST: number = DEFAULT_CALLER_RATE_LIMITS.burst;
}

describe('the INTERNAL_RATE_LIMIT_* settings', () => {
  it('default to limits far above one caller of the benchmark', () => {
    expect(callerRateLimitsFrom(loadConfig(ProbeConfig, {}))).toEqual({ perS: 20_000, burst: 40_000 });
  });

  it('take a burst equal to the sustained rate', () => {
    const config = loadConfig(ProbeConfig, {
      INTERNAL_RATE_LIMIT_PER_S: '50',
      INTERNAL_RATE_LIMIT_BURST: '50',
    });
    expect(callerRateLimitsFrom(config)).toEqual({ perS: 50, burst: 50 });
  });

  it('refuse a burst below the sustained rate, zero, and a fraction, naming the setting', () => {
    expect(() =>
      loadConfig(ProbeConfig, { INTERNAL_RATE_LIMIT_PER_S: '100', INTERNAL_RATE_LIMIT_BURST: '99' }),
    ).toThrow(
      /INTERNAL_RATE_LIMIT_BURST: INTERNAL_RATE_LIMIT_BURST must be at least INTERNAL_RATE_LIMIT_PER_S/,
    );
    expect(() => loadConfig(ProbeConfig, { INTERNAL_RATE_LIMIT_PER_S: '0' })).toThrow(
      /INTERNAL_RATE_LIMIT_PER_S/,
    );
    expect(() => loadConfig(ProbeConfig, { INTERNAL_RATE_LIMIT_PER_S: '1.5' })).toThrow(
      /INTERNAL_RATE_LIMIT_PER_S/,
    );
  });
});
