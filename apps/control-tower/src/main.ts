import { startTracing } from '@omnigate/tracing';

startTracing('control-tower');
// Loaded only now, so that http is instrumented before Fastify or axios touch it.
void import('./control-tower.app').then(({ start }) => start());
