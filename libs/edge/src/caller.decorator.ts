import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ORDER_ACCESS_TOKEN_HEADER, ORDER_ACCESS_TOKEN_PATTERN } from '@omnigate/contracts';
import type { ProcessCaller } from '@omnigate/process-clients';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The channel client app behind a request, its Idempotency-Key, and the guest order access token it
 * presented. A token not in the issued format is dropped: process-orders then answers 404, as it
 * does for any wrong token.
 */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): ProcessCaller => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const token = header(request, ORDER_ACCESS_TOKEN_HEADER);
  return {
    clientAppId: request.principal!.clientAppId,
    channel: request.principal!.channel ?? 'unknown',
    idempotencyKey: header(request, 'idempotency-key'),
    orderAccessToken: token !== undefined && ORDER_ACCESS_TOKEN_PATTERN.test(token) ? token : undefined,
  };
});
