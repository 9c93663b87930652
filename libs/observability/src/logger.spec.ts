import { UpstreamError } from '@omnigate/problems';
import { createRootLogger } from './logger';

const MEMBER = '6042685219730';
const EMAIL = 'jane.doe@example.com';

/** A logger writing into an array, one parsed JSON object per line. */
function capturingLogger() {
  const lines: Record<string, any>[] = [];
  const logger = createRootLogger('system-loyalty', 'info', {
    write: (line: string) => void lines.push(JSON.parse(line)),
  });
  return { logger, lines, text: () => JSON.stringify(lines) };
}

describe('root logger', () => {
  it('blanks member numbers, emails and names at any depth, whatever their spelling', () => {
    const { logger, lines, text } = capturingLogger();
    logger.info(
      {
        memberId: MEMBER,
        order: {
          orderId: 'po_1',
          member: { member_id: MEMBER, Email: EMAIL, firstName: 'Jane', last_name: 'Doe' },
        },
        lines: [{ sku: '55592108', customer: { cardNumber: '4111111111111111', memberNumber: MEMBER } }],
        headers: {
          'x-service-key': 'svc_secret_key',
          'X-Api-Key': 'og_dev_key',
          authorization: 'Bearer t',
          accept: 'application/json',
        },
      },
      'placed',
    );
    expect(text()).not.toContain(MEMBER);
    expect(text()).not.toContain(EMAIL);
    expect(text()).not.toMatch(/Jane|Doe|4111|svc_secret_key|og_dev_key|Bearer/);
    expect(lines[0]).toMatchObject({
      memberId: '[redacted]',
      order: {
        orderId: 'po_1',
        member: {
          member_id: '[redacted]',
          Email: '[redacted]',
          firstName: '[redacted]',
          last_name: '[redacted]',
        },
      },
      lines: [{ sku: '55592108', customer: { cardNumber: '[redacted]', memberNumber: '[redacted]' } }],
      headers: {
        'x-service-key': '[redacted]',
        'X-Api-Key': '[redacted]',
        authorization: '[redacted]',
        accept: 'application/json',
      },
      msg: 'placed',
    });
  });

  it('keeps a masked member reference, which is there on purpose', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ member: '*********9730' }, 'accrual reference already booked');
    expect(lines[0].member).toBe('*********9730');
  });

  it('logs an error without the vendor answer or the request it carries', () => {
    const { logger, lines, text } = capturingLogger();
    const vendorAnswer = {
      errorCode: 'INTERNAL',
      message: `member ${MEMBER} (${EMAIL}) not synced`,
      trace: 'VENDOR-TRACE-77',
    };
    const axiosLike = Object.assign(new Error('Request failed with status code 500'), {
      code: 'ERR_BAD_RESPONSE',
      config: { headers: { 'x-service-key': 'svc_secret_key' } },
      response: { status: 500, data: vendorAnswer },
      body: vendorAnswer,
    });
    const upstream = new UpstreamError(
      'loyalty',
      'read member',
      'unavailable',
      'answered 500',
      500,
      undefined,
    );
    upstream.cause = axiosLike;

    logger.warn({ err: upstream, nested: { failure: axiosLike } }, 'backend failed; serving stale');
    logger.error(axiosLike);

    expect(text()).not.toMatch(/VENDOR-TRACE-77|svc_secret_key/);
    expect(text()).not.toContain(MEMBER);
    expect(lines[0].err).toMatchObject({
      type: 'UpstreamError',
      message: 'loyalty read member: answered 500',
      backend: 'loyalty',
      operation: 'read member',
      failure: 'unavailable',
      status: 500,
      cause: { type: 'Error', message: 'Request failed with status code 500', code: 'ERR_BAD_RESPONSE' },
    });
    expect(lines[0].err.stack).toContain('UpstreamError');
    expect(lines[1]).toMatchObject({
      err: { message: 'Request failed with status code 500', code: 'ERR_BAD_RESPONSE' },
      msg: 'Request failed with status code 500',
    });
  });

  it('cuts a log object that nests too deep instead of walking it forever', () => {
    const { logger, lines } = capturingLogger();
    const looped: Record<string, unknown> = { orderId: 'po_1' };
    looped.self = looped;
    logger.info({ looped }, 'odd');
    expect(lines[0].looped.orderId).toBe('po_1');
    expect(JSON.stringify(lines[0])).toContain('[too deep]');
  });
  it('stamps each line with the time it was written, in ISO form, also lines written within one millisecond', () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T09:00:00.000Z') });
    try {
      const { logger, lines } = capturingLogger();
      logger.info('first');
      logger.info('same millisecond');
      jest.advanceTimersByTime(7);
      logger.info('later');
      jest.setSystemTime(new Date('2026-12-02T10:30:00.250Z'));
      logger.info('next day');
      expect(lines.map((line) => line.time)).toEqual([
        '2026-12-01T09:00:00.000Z',
        '2026-12-01T09:00:00.000Z',
        '2026-12-01T09:00:00.007Z',
        '2026-12-02T10:30:00.250Z',
      ]);
    } finally {
      jest.useRealTimers();
    }
  });
});
