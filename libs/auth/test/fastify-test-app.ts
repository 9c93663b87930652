import type { CanActivate, ModuleMetadata, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ProblemFilter } from '@omnigate/problems';
import pino from 'pino';

/** Boots a tiny Nest app on Fastify with the given guards installed globally, in order, and the problem filter. */
export async function startFastifyTestApp(
  metadata: Pick<ModuleMetadata, 'imports' | 'controllers' | 'providers'>,
  guards: Type<CanActivate>[],
): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    ...metadata,
    providers: [
      ...(metadata.providers ?? []),
      ...guards.map((guard) => ({ provide: APP_GUARD, useExisting: guard })),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  app.useGlobalFilters(new ProblemFilter(pino({ level: 'silent' })));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
