import {
  currentRequestContext,
  deadlineFromBudget,
  remainingBudgetMs,
  runPastDeadline,
  runWithRequestContext,
} from './request-context';

describe("a caller's time budget", () => {
  it('sets the deadline from X-Request-Budget-Ms, at most ten minutes out, and ignores anything but digits', () => {
    expect(deadlineFromBudget('1500', 1_000)).toBe(2_500);
    expect(deadlineFromBudget('999999999', 0)).toBe(600_000);
    for (const nonsense of [undefined, '', '-5', '1e3', '12.5', ' 100', ['100']])
      expect(deadlineFromBudget(nonsense, 0)).toBeUndefined();
  });

  it('counts down within the request, and is dropped for work that goes on past the answer', () => {
    runWithRequestContext({ correlationId: 'c-1', deadlineAt: 10_000 }, () => {
      expect(remainingBudgetMs(9_000)).toBe(1_000);
      runPastDeadline(() => {
        expect(remainingBudgetMs(9_000)).toBeUndefined();
        expect(currentRequestContext()?.correlationId).toBe('c-1');
      });
      expect(remainingBudgetMs(9_500)).toBe(500);
    });
    expect(remainingBudgetMs()).toBeUndefined();
  });
});
