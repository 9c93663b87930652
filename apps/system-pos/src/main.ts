import { startTracing } from '@omnigate/tracing';

startTracing('system-pos');
// Loaded only now, so that http is instrumented before Fastify or axios touch it.
void import('./system-pos.app').then(({ start }) => start());
