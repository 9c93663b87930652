export * from './readiness-probe';
export * from './ops.module';
export * from './metrics-scrape.guard';
export * from './openapi-document';
export * from './http-app';
export * from './shutdown-state';
export * from './graceful-shutdown';
export * from './idempotency-key.header';
