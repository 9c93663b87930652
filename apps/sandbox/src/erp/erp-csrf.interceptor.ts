import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { ErpCsrfTokens } from './erp-csrf-tokens';
import { odataError } from './odata-error';

/**
 * The ERP's CSRF dance: a GET with `x-csrf-token: Fetch` is handed a token, and every POST must
 * carry a live one or is answered 403 with `x-csrf-token: Required`. Runs after the fault
 * pipeline, so a faulted call neither issues nor checks a token.
 */
@Injectable()
export class ErpCsrfInterceptor implements NestInterceptor {
  constructor(private readonly tokens: ErpCsrfTokens) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const presented = request.headers['x-csrf-token'];
    const token = Array.isArray(presented) ? presented[0] : presented;
    if (request.method === 'GET' && token?.toLowerCase() === 'fetch') {
      void http.getResponse<FastifyReply>().header('x-csrf-token', this.tokens.issue());
    } else if (request.method === 'POST' && !this.tokens.isValid(token)) {
      throw odataError(403, 'CSRF_TOKEN_VALIDATION_FAILED', 'CSRF token validation failed', undefined, {
        'x-csrf-token': 'Required',
      });
    }
    return next.handle();
  }
}
