import { startTracing } from '@omnigate/tracing';

startTracing('sandbox');
// Loaded only now, so that http is instrumented before Fastify touches it.
void import('./sandbox.app').then(({ start }) => start());
