import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { PickupOrderContext } from './pickup-order.context';

/** The use case context of a request: its correlation id, the channel client app it was made for, its idempotency claim. */
export const PickupCtx = createParamDecorator((_: unknown, context: ExecutionContext): PickupOrderContext => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return {
    correlationId: request.id,
    clientAppId: request.principal?.clientAppId ?? 'internal-service',
    channel: request.principal?.channel ?? 'internal',
    idempotencyClaim: request.idempotencyClaim,
  };
});
