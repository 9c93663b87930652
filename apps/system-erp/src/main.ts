import { startTracing } from '@omnigate/tracing';

startTracing('system-erp');
// Loaded only now, so that http is instrumented before Fastify or axios touch it.
void import('./system-erp.app').then(({ start }) => start());
