import { UpstreamError } from '@omnigate/problems';
import { SystemRefusal } from '@omnigate/system-clients';
import { judgeFailure, nextStep } from './posting-failure';

const limits = { retryBudgetS: 3_600, maxRetryDelayS: 30 };
const noJitter = () => 0;

describe('judgeFailure', () => {
  it('takes the ERP rejecting the document as final', () => {
    expect(
      judgeFailure(
        new SystemRefusal(422, {
          type: 'https://omnigate.dev/problems/erp-document-rejected',
          title: 'rejected',
        }),
      ).kind,
    ).toBe('refused');
    expect(judgeFailure(new SystemRefusal(400, { type: 'validation-failed' })).kind).toBe('refused');
  });

  it('waits out a breaker, a 429 and a maintenance window without calling them failures', () => {
    expect(
      judgeFailure(new UpstreamError('erp', 'post document', 'circuit-open', 'breaker open', undefined, 10)),
    ).toMatchObject({ kind: 'not-now', retryAfterS: 10, quota: false });
    expect(
      judgeFailure(new UpstreamError('erp', 'post document', 'quota-exceeded', 'quota', 429, 2)),
    ).toMatchObject({ kind: 'not-now', retryAfterS: 2, quota: true });
    expect(
      judgeFailure(new UpstreamError('erp', 'post document', 'unavailable', 'in maintenance', 503, 30)),
    ).toMatchObject({ kind: 'not-now', retryAfterS: 30 });
  });

  it('counts timeouts, bare 5xx and our own credential problems as failed attempts, not refusals', () => {
    expect(
      judgeFailure(new UpstreamError('erp', 'post document', 'unavailable', 'answered 503', 503)).kind,
    ).toBe('failed');
    expect(judgeFailure(new UpstreamError('erp', 'post document', 'timeout', 'no answer')).kind).toBe(
      'failed',
    );
    expect(
      judgeFailure(new UpstreamError('erp', 'post document', 'rejected', 'refused with 401', 401)).kind,
    ).toBe('failed');
    expect(judgeFailure(new SystemRefusal(403, { type: 'internal-caller-not-allowed' })).kind).toBe('failed');
    expect(
      judgeFailure(new UpstreamError('erp', 'post document', 'rejected', 'refused with 413', 413)).kind,
    ).toBe('refused');
  });
});

describe('nextStep', () => {
  it('dead-letters a refusal at once, whatever budget is left', () => {
    expect(nextStep({ kind: 'refused', reason: 'ZRTL/001' }, 0, 0, limits, noJitter)).toMatchObject({
      action: 'dead-letter',
    });
  });

  it('retries a "not now" after its Retry-After without using an attempt, capped at the longest pause', () => {
    expect(
      nextStep({ kind: 'not-now', reason: 'breaker', retryAfterS: 5, quota: false }, 10, 7, limits, noJitter),
    ).toEqual({
      action: 'retry',
      inS: 5,
      usedAttempt: false,
      reason: 'breaker',
    });
    expect(
      nextStep(
        { kind: 'not-now', reason: 'maintenance', retryAfterS: 600, quota: false },
        10,
        0,
        limits,
        noJitter,
      ),
    ).toMatchObject({ inS: 24 });
  });

  it('doubles the pause of real failures up to the longest pause, and uses an attempt', () => {
    const pauses = [0, 1, 2, 3, 4, 5, 6].map((attempts) =>
      nextStep({ kind: 'failed', reason: '503' }, 10, attempts, limits, noJitter),
    );
    expect(pauses.map((p) => (p.action === 'retry' ? p.inS : -1))).toEqual([1, 2, 4, 8, 16, 24, 24]);
    expect(pauses.every((p) => p.action === 'retry' && p.usedAttempt)).toBe(true);
  });

  it('dead-letters with the last reason once the budget is spent, however the call failed', () => {
    for (const verdict of [
      { kind: 'failed', reason: 'answered 500' } as const,
      { kind: 'not-now', reason: 'breaker open', retryAfterS: 1, quota: false } as const,
    ]) {
      const step = nextStep(verdict, 3_600, 0, limits, noJitter);
      expect(step).toMatchObject({ action: 'dead-letter' });
      expect(step.reason).toContain(verdict.reason);
      expect(step.reason).toContain('budget');
    }
  });

  it('spreads a backlog with jitter and never waits past the budget', () => {
    const late = nextStep({ kind: 'failed', reason: '500' }, 3_590, 10, limits, () => 1);
    // 30 s wanted, 10 s of budget left: one more try just past the budget, which then dead-letters.
    expect(late).toMatchObject({ action: 'retry', inS: 11 });
    const atMost = nextStep({ kind: 'failed', reason: '500' }, 0, 10, limits, () => 0);
    expect(atMost).toMatchObject({ inS: 24 });
    const below = nextStep(
      { kind: 'not-now', reason: 'breaker', retryAfterS: 4, quota: false },
      0,
      0,
      limits,
      () => 1,
    );
    expect(below).toMatchObject({ inS: 5 });
  });
});
