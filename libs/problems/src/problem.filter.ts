import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE } from './problem-document';
import { toProblemAnswer } from './problem-mapping';

/** Sends a problem answer for `error`; the stack of an unexpected error goes to the log, never to the client. */
export function sendProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
): void {
  const { problem, headers, unexpected } = toProblemAnswer(error);
  if (unexpected) logger.error({ err: error }, 'unhandled error');
  else if (problem.status >= 500)
    logger.warn({ problemType: problem.type, detail: problem.detail }, problem.title);
  void reply
    .status(problem.status)
    .headers(headers)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: request.url.split('?')[0], correlationId: request.id });
}

/** The one exception filter of every app: renders `application/problem+json`. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}
