import { randomUUID } from 'node:crypto';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import cors from '@fastify/cors';
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { BaseAppConfig } from '@omnigate/config';
import {
  NestPinoLogger,
  acceptCorrelationId,
  configureRootLogger,
  rootLogger,
  httpRequestDuration,
  runWithRequestContext,
  deadlineFromHeaders,
  REQUEST_BUDGET_HEADER,
  REQUEST_DEADLINE_HEADER,
  acceptTraceContext,
} from '@omnigate/observability';
import { tracingActive } from '@omnigate/tracing';
import { ProblemFilter, ValidationFailed, sendProblem } from '@omnigate/problems';
import { accessLogFields } from './access-log';
import { answerClientError } from './client-error-answer';
import { installGracefulShutdown } from './graceful-shutdown';
import { HotPathValidationPipe } from './hot-parameters';
import { installJsonBodyParser } from './json-body-parser';
import { SECURITY_HEADERS } from './security-headers';
import { buildOpenApiDocument, type ApiDescription } from './openapi-document';
import { requestOrigin, servedOpenApiDocument } from './served-openapi-document';

/** How to build one Omnigate app. */
export interface HttpAppOptions {
  name: string;
  module: Type | DynamicModule;
  config: BaseAppConfig;
  api: ApiDescription;
  /** Browser origins allowed to call this app (storefront experience APIs only). */
  corsOrigins?: string[];
  /**
   * Which answers carry the browser security headers ({@link SECURITY_HEADERS}): every answer
   * (default) for an app a browser reaches, the experience APIs and the control tower; only the
   * docs pages for an internal API, whose JSON only other apps read and where the headers would
   * cost each of the many internal calls a request makes.
   */
  securityHeaders?: 'every-answer' | 'docs-pages';
}

/** Where the docs pages are served: Swagger UI, its assets and the OpenAPI documents (`docs-json`). */
const DOCS = 'docs';

function correlationIdOf(request: { headers: Record<string, unknown> }): string {
  return acceptCorrelationId(request.headers['x-correlation-id']) ?? randomUUID();
}

async function installHooks(
  app: NestFastifyApplication,
  logger: Logger,
  options: HttpAppOptions,
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  if (options.corsOrigins?.length) {
    await app.register(cors, {
      origin: options.corsOrigins,
      exposedHeaders: ['x-correlation-id', 'age', 'x-cache', 'ratelimit', 'ratelimit-policy', 'retry-after'],
    });
  }
  // With spans of its own the HTTP instrumentation carries the trace; without, the caller's is passed on.
  const passTraceContext = !tracingActive();
  const securedEveryAnswer = options.securityHeaders !== 'docs-pages';
  const docsPages = `/${DOCS}`;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (securedEveryAnswer || request.url.startsWith(docsPages)) void reply.headers(SECURITY_HEADERS);
    void reply.header('x-correlation-id', request.id);
    const deadlineAt = deadlineFromHeaders(
      request.headers[REQUEST_BUDGET_HEADER],
      request.headers[REQUEST_DEADLINE_HEADER],
      Date.now(),
    );
    const traceContext = passTraceContext
      ? acceptTraceContext(request.headers.traceparent, request.headers.tracestate)
      : undefined;
    runWithRequestContext(
      {
        correlationId: request.id,
        ...(deadlineAt !== undefined && { deadlineAt }),
        ...(traceContext && { traceContext }),
      },
      done,
    );
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestDuration.observe(
      { method: request.method, route, status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
    const accessLog = accessLogFields(request, reply);
    if (accessLog) logger.info(accessLog, 'request completed');
    done();
  });
}

/** Creates an app, fully wired (logging, problem answers, validation, docs), without listening. */
export async function createHttpApp(options: HttpAppOptions): Promise<NestFastifyApplication> {
  const logger = configureRootLogger(options.name, options.config.LOG_LEVEL, options.config.LOG_FORMAT);
  const adapter = new FastifyAdapter({
    // Fastify's own lines ("Server listening at", once per address) repeat ours: only its warnings and errors are kept.
    loggerInstance: logger.child({}, { level: logger.isLevelEnabled('warn') ? 'warn' : logger.level }),
    // Our own onResponse line carries the route and correlation id; Fastify's would duplicate it.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'correlationId' }),
    // Fastify's request logger is a child per request; ours puts the correlation id on every line
    // from the request context already, so the app's logger serves every request as it is.
    childLoggerFactory: (appLogger: FastifyBaseLogger) => appLogger,
    genReqId: correlationIdOf,
    bodyLimit: options.config.BODY_LIMIT_BYTES,
    trustProxy: true,
    keepAliveTimeout: 75_000,
    // A request that still reaches a closing replica is served (answered with Connection: close), not refused.
    return503OnClosing: false,
    // Errors Fastify's router raises before Nest sees the request (URI too long, bad URL) answer problem+json too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(error, request, reply, logger),
    // And so do requests Node refuses before Fastify sees them (headers over Node's 16 KiB).
    clientErrorHandler: answerClientError(logger),
  });
  const app = await NestFactory.create<NestFastifyApplication>(options.module, adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  installJsonBodyParser(app, options.config.BODY_MAX_DEPTH);
  await installHooks(app, logger, options);
  app.useGlobalFilters(new ProblemFilter(logger));
  app.useGlobalPipes(
    new HotPathValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ValidationFailed(errors),
    }),
  );
  SwaggerModule.setup(DOCS, app, () => buildOpenApiDocument(app, options.api, 'corsOrigins' in options), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    patchDocumentOnRequest: <TRequest>(request: TRequest, _reply: unknown, document: OpenAPIObject) =>
      servedOpenApiDocument(document, options.config.PUBLIC_URL ?? requestOrigin(request as FastifyRequest)),
    // A consumer authorizes once, not after every reload of the docs.
    swaggerOptions: { persistAuthorization: true },
  });
  return app;
}

/** Creates the app and listens on its configured port, says where in the log, and drains on SIGTERM. */
export async function startHttpApp(options: HttpAppOptions): Promise<INestApplication> {
  const app = await createHttpApp(options);
  installGracefulShutdown(app, options.config, rootLogger());
  await app.listen(options.config.PORT, options.config.HOST);
  const address = await app.getUrl();
  rootLogger().info({ url: address, docs: `${address}/docs` }, `${options.name} listening`);
  return app;
}
