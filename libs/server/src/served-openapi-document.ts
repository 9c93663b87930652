import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

// A Host (or X-Forwarded-Host) that is not a plain host[:port] is not echoed into the document.
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})(:\d{1,5})?$/;

/** The origin a request reached this app at (behind a proxy, the one its client used), if it is a plausible one. */
export function requestOrigin(request: FastifyRequest): string | undefined {
  const host = request.host;
  return HOST.test(host) ? `${request.protocol}://${host}` : undefined;
}

/**
 * The document as this app serves it: the server it runs on first, so Swagger UI's "Try it out" calls
 * this deployment, then the environments the document lists. The committed documents under openapi/
 * stay without it: they must not depend on where they were generated.
 */
export function servedOpenApiDocument(document: OpenAPIObject, servedAt: string | undefined): OpenAPIObject {
  if (!servedAt) return document;
  const deployed = document.servers ?? [];
  const here = deployed.find((server) => server.url === servedAt) ?? {
    url: servedAt,
    description: 'this server, where the document was served from',
  };
  return { ...document, servers: [here, ...deployed.filter((server) => server !== here)] };
}
