export * from './request-context';
export * from './logger';
export * from './nest-pino.logger';
export * from './metrics';
export * from './root-logger';
export * from './log-format';
