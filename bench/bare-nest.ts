import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The Nest floor of the read benchmarks: the same Nest and Fastify versions as the apps, one GET
 * route answering a fixed JSON body (BARE_BODY), no guard, pipe, interceptor, hook or logging. What
 * an app costs beyond this is the project's own request path.
 */
const body: unknown = JSON.parse(process.env.BARE_BODY ?? '{}');

@Controller()
class FixedBodyController {
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** The storefront's availability route, parameters and all. */
  @Get('v1/stores/:storeId/availability')
  read() {
    return body;
  }
}

@Module({ controllers: [FixedBodyController] })
class FixedBodyModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(FixedBodyModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
