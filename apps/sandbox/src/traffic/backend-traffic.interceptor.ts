import {
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { catchError, finalize, mergeMap, throwError, type Observable } from 'rxjs';
import { VendorHttpError } from '../vendor-http.error';
import type { BackendName } from './backend-name';
import { BackendTraffic } from './backend-traffic';
import { refusalInDialect } from './refusal-dialects';
import { SANDBOX_BACKEND, TRAFFIC_OPERATION } from './traffic-route.decorator';

interface RouteTraffic {
  backend: BackendName;
  operation: string;
}

function statusOf(error: unknown): number {
  if (error instanceof VendorHttpError) return error.status;
  if (error instanceof HttpException) return error.getStatus();
  return 500;
}

/**
 * Puts every backend call through the fault pipeline before the controller runs (so a faulted
 * call changes nothing), then records how it was answered. The one fault after the controller is
 * a lost reply: the write is committed and its answer dropped or sent too late.
 */
@Injectable()
export class BackendTrafficInterceptor implements NestInterceptor {
  // Metadata lookups are cached per handler: this sits on the hot path of every benchmark call.
  private readonly routes = new WeakMap<object, RouteTraffic>();

  constructor(
    private readonly traffic: BackendTraffic,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const { backend, operation } = this.routeOf(context);
    const http = context.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const call = this.traffic.open(backend, operation, request);

    const refusal = this.traffic.admit(call);
    if (refusal) {
      this.traffic.close(call, refusal.status, true);
      throw refusalInDialect(backend, refusal);
    }
    const latencyMs = this.traffic.latencyMs(backend);
    if (latencyMs > 0) await sleep(latencyMs);
    const failure = this.traffic.injectedFailure(backend);
    if (failure) {
      this.traffic.close(call, failure.status, true);
      throw refusalInDialect(backend, failure);
    }

    let errorStatus: number | undefined;
    return next.handle().pipe(
      // The business logic has run: a lost reply leaves its effects in place, unannounced.
      mergeMap(async (answer: unknown) => {
        const lost = this.traffic.loseReply(call);
        if (lost?.mode === 'drop') request.raw.socket.destroy();
        if (lost?.mode === 'late') await sleep(lost.delayMs);
        return answer;
      }),
      catchError((error: unknown) => {
        errorStatus = statusOf(error);
        return throwError(() => error);
      }),
      finalize(() => this.traffic.close(call, errorStatus ?? reply.statusCode, false)),
    );
  }

  private routeOf(context: ExecutionContext): RouteTraffic {
    const handler = context.getHandler();
    let route = this.routes.get(handler);
    if (!route) {
      const backend = this.reflector.get<BackendName>(SANDBOX_BACKEND, context.getClass());
      const operation = this.reflector.get<string>(TRAFFIC_OPERATION, handler) ?? `${handler.name}`;
      route = { backend, operation };
      this.routes.set(handler, route);
    }
    return route;
  }
}
