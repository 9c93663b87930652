import { startTracing } from '@omnigate/tracing';

startTracing('experience-storefront');
// Loaded only now, so that http is instrumented before Fastify or axios touch it.
void import('./experience-storefront.app').then(({ start }) => start());
