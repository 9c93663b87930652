import {
  currentRequestContext,
  deadlineFromHeaders,
  remainingBudgetMs,
  runPastDeadline,
  runWithRequestContext,
} from './request-context';

describe("a caller's time budget", () => {
  it('sets the deadline from X-Request-Budget-Ms, at most ten minutes out, and ignores anything but digits', () => {
    expect(deadlineFromHeaders('1500', undefined, 1_000)).toBe(2_500);
    expect(deadlineFromHeaders('999999999', undefined, 0)).toBe(600_000);
    for (const nonsense of [undefined, '', '-5', '1e3', '12.5', ' 100', ['100']])
      expect(deadlineFromHeaders(nonsense, undefined, 0)).toBeUndefined();
  });

  it("takes the caller's X-Request-Deadline when it comes before the budget runs out: a wait unread counts", () => {
    // Sent at 1,000 with 1,500 to spend, read at 1,800: 700 left, not 1,500.
    expect(deadlineFromHeaders('1500', '2500', 1_800)).toBe(2_500);
    // Read already past it: the caller has gone, nothing is left to spend.
    expect(deadlineFromHeaders('1500', '2500', 2_600)).toBe(2_500);
    // A later deadline never lengthens the budget, and nonsense or a deadline alone is ignored.
    expect(deadlineFromHeaders('1500', '9000', 1_000)).toBe(2_500);
    for (const nonsense of ['', '-5', '2.5e3', ' 2500', ['2500']])
      expect(deadlineFromHeaders('1500', nonsense, 1_000)).toBe(2_500);
    expect(deadlineFromHeaders(undefined, '2500', 1_000)).toBeUndefined();
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
