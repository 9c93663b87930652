import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { of, type Observable } from 'rxjs';
import { IdempotencyKeyInFlight, IdempotencyKeyReused } from './idempotency.errors';
import { idempotencyKeyOf } from './idempotency-key';
import { IdempotencyStore } from './idempotency.store';
import { IdempotentRequests } from './idempotent-requests';
import { fingerprintRequest } from './request-fingerprint';

type PrincipalRequest = FastifyRequest & { principal?: { clientAppId?: string } };

/**
 * Runs a write at most once per `Idempotency-Key` and client app: a retry of a finished request
 * gets the stored answer, a concurrent one a 409, a different request under the same key a 422.
 * The answer itself is stored by the response hook of {@link IdempotencyModule}, once the problem
 * filter has rendered errors, so 4xx answers are replayed exactly as first sent.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly requests: IdempotentRequests,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<PrincipalRequest>();
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    const scope = request.principal?.clientAppId ?? 'anonymous';
    const outcome = await this.store.begin(scope, key, fingerprintRequest(request.method, request.url, request.body));
    switch (outcome.kind) {
      case 'started':
        this.requests.note(request, { kind: 'claimed', scope, key });
        return next.handle();
      case 'replay': {
        const { kind: _, ...stored } = outcome;
        this.requests.note(request, { kind: 'replay', ...stored });
        // The handler is skipped; the response hook restores the stored status, headers and body.
        return of(stored.body);
      }
      case 'in-flight':
        throw new IdempotencyKeyInFlight();
      case 'mismatch':
        throw new IdempotencyKeyReused();
    }
  }
}
