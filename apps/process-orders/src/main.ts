import { startTracing } from '@omnigate/tracing';

startTracing('process-orders');
// Loaded only now, so that http is instrumented before Fastify or axios touch it.
void import('./process-orders.app').then(({ start }) => start());
