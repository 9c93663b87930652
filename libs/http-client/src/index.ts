export * from './backend-options';
export * from './retry-after';
export * from './resilient-http-client';
export * from './backend-client.config';
export * from './backend-client.module';
export * from './backend-problem-answers';
export * from './bulkhead';
