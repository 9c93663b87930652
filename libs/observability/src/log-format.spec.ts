import { setImmediate as endOfTurn } from 'node:timers/promises';
import { logDestination, prettyLogLine } from './log-format';
import { createRootLogger } from './logger';

/** A root logger in `format` writing into an array of the texts written (a turn's lines in one). */
function loggerIn(format: 'json' | 'pretty') {
  const lines: string[] = [];
  const out = { write: (text: string) => void lines.push(text) };
  const logger = createRootLogger('experience-storefront', 'info', logDestination(format, out));
  return { logger, lines };
}

describe('log formats', () => {
  it('writes one readable line per request in pretty format: method, route, status, duration, client app, correlation id', async () => {
    const { logger, lines } = loggerIn('pretty');
    logger.info(
      {
        method: 'GET',
        route: '/v1/stores/:storeId/availability',
        status: 200,
        durationMs: 5,
        clientAppId: 'storefront-web',
        correlationId: 'c-1',
      },
      'request completed',
    );
    await endOfTurn();
    expect(lines).toEqual([
      expect.stringMatching(
        /^\d\d:\d\d:\d\d\.\d{3} INFO  experience-storefront GET \/v1\/stores\/:storeId\/availability 200 5ms storefront-web c-1\n$/,
      ),
    ]);
  });

  it('writes any other line as its message and fields, redacted as in JSON', async () => {
    const { logger, lines } = loggerIn('pretty');
    logger.warn({ redis: 'cache', memberNumber: '6042685219730', attempt: { n: 2 } }, 'Redis unreachable');
    await endOfTurn();
    expect(lines[0]).toMatch(
      / WARN  experience-storefront Redis unreachable redis=cache memberNumber=\[redacted\] attempt=\{"n":2\}\n$/,
    );
    expect(lines[0]).not.toContain('6042685219730');
  });

  it('writes JSON through pino unchanged in json format', async () => {
    const { logger, lines } = loggerIn('json');
    logger.info(
      { method: 'GET', route: '/v1/x', status: 200, durationMs: 1, correlationId: 'c-2' },
      'request completed',
    );
    await endOfTurn();
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'info',
      service: 'experience-storefront',
      route: '/v1/x',
      msg: 'request completed',
    });
    expect(prettyLogLine(lines[0])).toContain('GET /v1/x 200 1ms - c-2');
  });

  it("writes the lines of one turn of the event loop in one write at its end, and the next turn's in another", async () => {
    const { logger, lines } = loggerIn('json');
    logger.info({ route: '/v1/a' }, 'request completed');
    logger.info({ route: '/v1/b' }, 'request completed');
    expect(lines).toEqual([]);
    await endOfTurn();
    logger.info({ route: '/v1/c' }, 'request completed');
    await endOfTurn();
    expect(lines).toHaveLength(2);
    expect(lines[0].split('\n').map((line) => line && JSON.parse(line).route)).toEqual([
      '/v1/a',
      '/v1/b',
      '',
    ]);
    expect(JSON.parse(lines[1]).route).toBe('/v1/c');
  });
});
