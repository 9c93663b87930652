import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  mixin,
  type Type,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** What the guard asks of a workflow (see `Workflow.assertBoundToStore`). */
interface StoreBoundInstances {
  assertBoundToStore(instanceId: string, storeId: string): Promise<void>;
}

type AddressedRequest = FastifyRequest<{
  Params: Record<string, string | undefined>;
  Body: { storeId?: unknown } | undefined;
}>;

/**
 * A guard that lets a store act on an instance (named by the route's `idParam`, sending its
 * `storeId` in the body) only when the instance is bound to that store. It runs before the
 * idempotency interceptor, so a refused request records nothing; the move's own guard still decides
 * under the row lock. A malformed id or body is left to validation (400).
 */
export function StoreBoundGuard(
  workflowToken: symbol,
  idParam: string,
  idPattern: RegExp,
): Type<CanActivate> {
  @Injectable()
  class InstanceAtItsStore implements CanActivate {
    constructor(@Inject(workflowToken) private readonly instances: StoreBoundInstances) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const request = context.switchToHttp().getRequest<AddressedRequest>();
      const instanceId = request.params[idParam];
      const storeId = request.body?.storeId;
      if (instanceId === undefined || !idPattern.test(instanceId) || typeof storeId !== 'string') return true;
      await this.instances.assertBoundToStore(instanceId, storeId);
      return true;
    }
  }
  return mixin(InstanceAtItsStore);
}
