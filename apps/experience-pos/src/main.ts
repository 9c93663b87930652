import { startTracing } from '@omnigate/tracing';

startTracing('experience-pos');
// Loaded only now, so that http is instrumented before Fastify or axios touch it.
void import('./experience-pos.app').then(({ start }) => start());
