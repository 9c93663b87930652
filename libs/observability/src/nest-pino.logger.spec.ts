import { createRootLogger } from './logger';
import { NestPinoLogger } from './nest-pino.logger';

function capturing(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = new NestPinoLogger(
    createRootLogger('system-erp', level, { write: (line: string) => void lines.push(JSON.parse(line)) }),
  );
  return { logger, lines };
}

describe('NestPinoLogger', () => {
  it("keeps Nest's start-up narration out of an info log and lets the app's own lines through", () => {
    const { logger, lines } = capturing('info');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Mapped {/v1/postings, POST} route', 'RouterExplorer');
    logger.log('Nest application successfully started', 'NestApplication');
    logger.log('ERP posting governor started', 'ErpPostingGovernor');
    logger.warn('Redis unreachable', 'InstanceLoader');
    expect(lines.map((l) => [l.level, l.context, l.msg])).toEqual([
      ['info', 'ErpPostingGovernor', 'ERP posting governor started'],
      ['warn', 'InstanceLoader', 'Redis unreachable'],
    ]);
  });

  it('shows the start-up narration at debug level', () => {
    const { logger, lines } = capturing('debug');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'debug',
        context: 'InstanceLoader',
        msg: 'AppModule dependencies initialized',
      }),
    ]);
  });
});
