import { DomainError } from './domain-error';
import { toProblemAnswer } from './problem-mapping';
import { UpstreamError } from './upstream-error';

class InsufficientStock extends DomainError {
  readonly type = 'insufficient-stock';
  override readonly kind = 'conflict';
}

describe('problem answers', () => {
  it('renders a domain error by its kind and slug', () => {
    const { problem, unexpected } = toProblemAnswer(new InsufficientStock('Not enough stock at the store'));
    expect(problem).toEqual({
      type: 'https://omnigate.dev/problems/insufficient-stock',
      title: 'Not enough stock at the store',
      status: 409,
    });
    expect(unexpected).toBe(false);
  });

  it('renders a quota refusal as 503 with Retry-After, naming the backend', () => {
    const { problem, headers } = toProblemAnswer(
      new UpstreamError('erp', 'read material stock', 'quota-exceeded', 'quota', 429, 30),
    );
    expect(problem).toMatchObject({
      status: 503,
      type: 'https://omnigate.dev/problems/upstream-quota-exceeded',
      backend: 'erp',
    });
    expect(headers).toEqual({ 'retry-after': '30' });
  });

  it('hides everything about an unexpected error', () => {
    const { problem, unexpected } = toProblemAnswer(new TypeError('cannot read x of undefined'));
    expect(problem).toEqual({
      type: 'https://omnigate.dev/problems/internal-error',
      title: 'Something went wrong on our side',
      status: 500,
    });
    expect(unexpected).toBe(true);
  });

  it('keeps the status of a transport refusal such as an oversize body', () => {
    expect(toProblemAnswer({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }).problem.status).toBe(413);
  });
});
