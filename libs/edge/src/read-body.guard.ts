import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  PayloadTooLargeException,
} from '@nestjs/common';
import { DomainError } from '@omnigate/problems';
import type { FastifyRequest } from 'fastify';

/** A read was sent with a body, which it would silently ignore. */
export class ReadBodyRefused extends DomainError {
  readonly type = 'read-body-not-allowed';
  override readonly kind = 'bad-request';
  constructor() {
    super('A read takes no request body');
  }
}

/**
 * Refuses bodies on reads: Fastify never parses a GET body, so neither its size limit nor validation
 * would see it. Over `bodyLimitBytes` it is 413, as a write's would be; any other body is 400.
 */
@Injectable()
export class ReadBodyGuard implements CanActivate {
  constructor(private readonly bodyLimitBytes: number) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== 'GET' && request.method !== 'HEAD') return true;
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > this.bodyLimitBytes) throw new PayloadTooLargeException();
    if (length > 0 || request.headers['transfer-encoding'] !== undefined) throw new ReadBodyRefused();
    return true;
  }
}
