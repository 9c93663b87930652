import Fastify from 'fastify';

/**
 * The baseline of the read benchmarks: the same Fastify version as the apps, one GET route answering
 * a fixed JSON body (the app's own answer, passed in BARE_BODY), no Nest, no guards, no cache, no
 * logging. Run as its own process so that it gets a core of its own, like the app it is compared with.
 */
async function main(): Promise<void> {
  const body: unknown = JSON.parse(process.env.BARE_BODY ?? '{}');
  const port = Number(process.env.PORT ?? 0);
  const app = Fastify({ logger: false });
  app.get('/health/live', async () => ({ status: 'ok' }));
  // An object, so Fastify serialises it on every request as it does for the apps' controllers.
  app.get('/*', async () => body);
  await app.listen({ port, host: '127.0.0.1' });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

// An unhandled rejection ends the process with its stack, which is what a failed script should do.
void main();
