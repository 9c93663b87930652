import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChannelCredentialRefused, CredentialsInvalid, CredentialsMissing } from './auth.errors';
import { channelCredentialOf, serviceKeyOf } from './credential-headers';
import { INTERNAL_AUTH_OPTIONS, type InternalAuthOptions } from './internal-auth.options';
import { CHANNELS, type Channel, type Principal } from './principal';
import { IS_PUBLIC_ROUTE } from './public.decorator';
import { routeMetadata } from './route-metadata';

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();
const CLIENT_APP_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * The channel client app an experience API calls for (`X-On-Behalf-Of`). Trusted only because the
 * caller presented an internal key; it scopes idempotency keys and audit records per client app.
 */
function onBehalfOf(request: FastifyRequest): string | undefined {
  const value = request.headers['x-on-behalf-of'];
  return typeof value === 'string' && CLIENT_APP_ID.test(value) ? value : undefined;
}

function channelOf(request: FastifyRequest): Channel | undefined {
  const value = request.headers['x-channel'];
  return CHANNELS.find((c) => c === value);
}

/** Admits only internal callers presenting a configured `X-Service-Key`; refuses channel credentials outright. */
@Injectable()
export class InternalAuthGuard implements CanActivate {
  private readonly digests: Buffer[];

  constructor(
    @Inject(INTERNAL_AUTH_OPTIONS) options: InternalAuthOptions,
    private readonly reflector: Reflector,
  ) {
    this.digests = options.serviceKeys.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    if (routeMetadata<boolean>(this.reflector, IS_PUBLIC_ROUTE, context)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    // A channel credential here means a channel is trying to skip the experience layer.
    if (channelCredentialOf(request) !== undefined) throw new ChannelCredentialRefused();
    const key = serviceKeyOf(request);
    if (key === undefined || key === '') {
      void http.getResponse<FastifyReply>().header('www-authenticate', 'ServiceKey realm="omnigate-internal"');
      throw new CredentialsMissing('X-Service-Key');
    }
    if (!this.accepts(key)) throw new CredentialsInvalid();
    request.principal = {
      kind: 'internal',
      clientAppId: onBehalfOf(request) ?? 'internal-service',
      channel: channelOf(request),
      scopes: [],
    } satisfies Principal;
    return true;
  }

  private accepts(key: string): boolean {
    const presented = digest(key);
    let accepted = false;
    for (const d of this.digests) accepted = timingSafeEqual(presented, d) || accepted;
    return accepted;
  }
}
