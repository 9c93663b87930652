import type { FastifyRequest } from 'fastify';

/** The channel credential a request presents, if any. */
export type ChannelCredential =
  { kind: 'api-key'; key: string } | { kind: 'bearer'; token: string } | { kind: 'unreadable' };

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

/** Reads `X-Api-Key` or `Authorization: Bearer`; both at once, or another scheme, is unreadable. */
export function channelCredentialOf(request: FastifyRequest): ChannelCredential | undefined {
  const apiKey = header(request, 'x-api-key');
  const authorization = header(request, 'authorization');
  if (apiKey === undefined && authorization === undefined) return undefined;
  if (apiKey !== undefined && authorization !== undefined) return { kind: 'unreadable' };
  if (apiKey !== undefined)
    return apiKey.trim() === '' ? { kind: 'unreadable' } : { kind: 'api-key', key: apiKey.trim() };
  const bearer = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization!);
  return bearer ? { kind: 'bearer', token: bearer[1] } : { kind: 'unreadable' };
}

/** Reads the `X-Service-Key` of an internal caller. */
export function serviceKeyOf(request: FastifyRequest): string | undefined {
  return header(request, 'x-service-key');
}
