import { startTracing } from '@omnigate/tracing';

startTracing('system-oms');
// Loaded only now, so that http is instrumented before Fastify or axios touch it.
void import('./system-oms.app').then(({ start }) => start());
