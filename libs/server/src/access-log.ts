import type { FastifyReply, FastifyRequest } from 'fastify';

/** What the access log says of one request: no URL (it may hold a member number), no query, no body, no header. */
export interface AccessLogFields {
  method: string;
  /** The route's template (`/v1/loyalty/members/:memberId`), never the path it was called with. */
  route: string;
  status: number;
  durationMs: number;
  /** The calling client app (or internal caller) once a guard has identified it. */
  clientAppId?: string;
  correlationId: string;
}

/** The access-log fields of an answered request; `undefined` for the probes and scrapes that would drown the log. */
export function accessLogFields(request: FastifyRequest, reply: FastifyReply): AccessLogFields | undefined {
  const route = request.routeOptions.url ?? 'unmatched';
  if (route.startsWith('/health') || route === '/metrics') return undefined;
  const clientAppId = request.principal?.clientAppId;
  return {
    method: request.method,
    route,
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime),
    ...(clientAppId !== undefined && { clientAppId }),
    correlationId: String(request.id),
  };
}
