import { startTracing } from '@omnigate/tracing';

startTracing('system-loyalty');
// Loaded only now, so that http is instrumented before Fastify or axios touch it.
void import('./system-loyalty.app').then(({ start }) => start());
