import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { of, type Observable } from 'rxjs';
import { IdempotencyKeyInFlight, IdempotencyKeyReused } from './idempotency.errors';
import { idempotencyKeyOf } from './idempotency-key';
import { IdempotencyStore } from './idempotency.store';
import { IdempotentRequests } from './idempotent-requests';
import { IdempotentResources } from './idempotent-resources';
import { fingerprintRequest } from './request-fingerprint';

type PrincipalRequest = FastifyRequest & { principal?: { clientAppId?: string } };

/**
 * Runs a write at most once per `Idempotency-Key` and client app: a retry of a finished request
 * gets the stored answer, a concurrent one a 409 (or, once the first has committed its resource,
 * a 202 with that resource as it stands), a different request under the same key a 422.
 * The answer itself is stored by the response hook of {@link IdempotencyModule}, once the problem
 * filter has rendered errors, so 4xx answers are replayed exactly as first sent; but a 400 (the
 * request refused for its shape, before any work) leaves the key unspent. A use case that
 * binds the key to its resource in its own transaction (`request.idempotencyClaim`) makes that
 * commit the decision: a retry whose first attempt died or failed after it is answered with the
 * resource as it is now, with the route's success status.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly requests: IdempotentRequests,
    private readonly resources: IdempotentResources,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<PrincipalRequest>();
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    const scope = request.principal?.clientAppId ?? 'anonymous';
    const outcome = await this.store.begin(
      scope,
      key,
      fingerprintRequest(request.method, request.url, request.body),
    );
    switch (outcome.kind) {
      case 'started':
        request.idempotencyClaim = outcome.claim;
        this.requests.note(request, { kind: 'claimed', claim: outcome.claim });
        return next.handle();
      case 'replay': {
        const { kind: _, ...stored } = outcome;
        this.requests.note(request, { kind: 'replay', ...stored });
        // The handler is skipped; the response hook restores the stored status, headers and body.
        return of(stored.body);
      }
      case 'bound': {
        const body = await this.resources.read(outcome.resource);
        this.requests.note(request, {
          kind: 'replay',
          // Still running: accepted, and the resource as it stands; the first request finishes it.
          status: outcome.stillRunning ? 202 : this.successStatusOf(context, request.method),
          headers: {},
          body,
        });
        return of(body);
      }
      case 'in-flight':
        throw new IdempotencyKeyInFlight();
      case 'mismatch':
        throw new IdempotencyKeyReused();
    }
  }

  /** What the route answers on success: its `@HttpCode`, else Nest's default (201 for POST). */
  private successStatusOf(context: ExecutionContext, method: string): number {
    return (
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (method === 'POST' ? 201 : 200)
    );
  }
}
