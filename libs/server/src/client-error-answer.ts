import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, toProblemAnswer } from '@omnigate/problems';

/** The status Node's HTTP parser error means for the client: headers too large, too slow, or unreadable. */
function statusOf(error: NodeJS.ErrnoException): number {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 431;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/**
 * Fastify's `clientErrorHandler`: answers a request Node could not even parse (headers over
 * `maxHeaderSize`, a malformed request line) with a problem document like every other error, on the
 * raw socket since there is no request to reply to, then closes the connection.
 */
export function answerClientError(logger: Logger) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    // A reset connection has no one left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const status = statusOf(error);
    const correlationId = randomUUID();
    const { problem } = toProblemAnswer({ statusCode: status });
    const body = JSON.stringify({ ...problem, correlationId });
    logger.info({ correlationId, status, code: error.code }, 'request refused before parsing');
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
          `content-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\n` +
          `x-correlation-id: ${correlationId}\r\n` +
          'connection: close\r\n\r\n' +
          body,
      );
    }
    socket.destroy(error);
  };
}
