import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { PickupOrderCaller } from '@omnigate/system-clients';

/** The channel client app behind a request and its Idempotency-Key, as process-orders needs them. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): PickupOrderCaller => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const key = request.headers['idempotency-key'];
  return {
    clientAppId: request.principal!.clientAppId,
    channel: request.principal!.channel ?? 'unknown',
    idempotencyKey: typeof key === 'string' ? key : undefined,
  };
});
