import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { currentRequestContext } from '@omnigate/observability';
import type { RequestContext } from './request-context';

/** The {@link RequestContext} of an HTTP request: its correlation id, the principal the auth guard found, its deadline, its idempotency claim. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const principal = request.principal;
  const deadlineAt = currentRequestContext()?.deadlineAt;
  return {
    correlationId: request.id,
    ...(deadlineAt !== undefined && { deadlineAt }),
    caller: {
      kind: principal?.kind ?? 'internal',
      clientAppId: principal?.clientAppId ?? 'internal-service',
      channel: principal?.channel ?? 'internal',
      ...(principal?.storeId !== undefined && { storeId: principal.storeId }),
      ...(principal?.memberId !== undefined && { memberId: principal.memberId }),
    },
    idempotencyClaim: request.idempotencyClaim,
  };
});
