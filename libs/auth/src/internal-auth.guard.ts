import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ChannelCredentialRefused,
  CredentialsInvalid,
  CredentialsMissing,
  InternalCallerNotAllowed,
  OnBehalfOfNotAllowed,
} from './auth.errors';
import type { CallerKeyRing } from './caller-key.ring';
import { channelCredentialOf, serviceKeyOf } from './credential-headers';
import { INTERNAL_AUTH_OPTIONS, type InternalAuthOptions } from './internal-auth.options';
import { ALLOWED_INTERNAL_CALLERS } from './internal-callers.decorator';
import { CHANNEL_FORWARDING_CALLERS, CLIENT_APP_ID_PATTERN, type InternalCaller } from './internal-callers';
import { CHANNELS, type Channel, type Principal } from './principal';
import { IS_PUBLIC_ROUTE } from './public.decorator';
import { routeMetadata } from './route-metadata';

/** The channel client app an experience API calls for (`X-On-Behalf-Of`); it scopes idempotency keys and audit records. */
function onBehalfOf(request: FastifyRequest): string | undefined {
  const value = request.headers['x-on-behalf-of'];
  return typeof value === 'string' && CLIENT_APP_ID_PATTERN.test(value) ? value : undefined;
}

function channelOf(request: FastifyRequest): Channel | undefined {
  const value = request.headers['x-channel'];
  return CHANNELS.find((c) => c === value);
}

const namesAClientApp = (request: FastifyRequest) =>
  request.headers['x-on-behalf-of'] !== undefined || request.headers['x-channel'] !== undefined;

/**
 * Admits an internal caller presenting its own `X-Service-Key` to a route that names it
 * (`@InternalCallers`); refuses channel credentials, routes naming no caller, and client app
 * headers from callers that do not act for client apps.
 */
@Injectable()
export class InternalAuthGuard implements CanActivate {
  private readonly logger = new Logger(InternalAuthGuard.name);
  private readonly callers: CallerKeyRing;

  constructor(
    @Inject(INTERNAL_AUTH_OPTIONS) options: InternalAuthOptions,
    private readonly reflector: Reflector,
  ) {
    this.callers = options.callers;
  }

  canActivate(context: ExecutionContext): boolean {
    if (routeMetadata<boolean>(this.reflector, IS_PUBLIC_ROUTE, context)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    // A channel credential here means a channel is trying to skip the experience layer.
    if (channelCredentialOf(request) !== undefined) throw new ChannelCredentialRefused();
    const key = serviceKeyOf(request);
    if (key === undefined || key === '') {
      void http
        .getResponse<FastifyReply>()
        .header('www-authenticate', 'ServiceKey realm="omnigate-internal"');
      throw new CredentialsMissing('X-Service-Key');
    }
    const caller = this.callers.identify(key);
    if (caller === undefined) throw new CredentialsInvalid();
    const admitted = routeMetadata<InternalCaller[]>(this.reflector, ALLOWED_INTERNAL_CALLERS, context) ?? [];
    if (!admitted.includes(caller)) {
      this.logger.warn(
        `internal caller ${caller} refused on ${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
      );
      throw new InternalCallerNotAllowed(caller);
    }
    if (namesAClientApp(request) && !CHANNEL_FORWARDING_CALLERS.includes(caller))
      throw new OnBehalfOfNotAllowed(caller);
    request.principal = {
      kind: 'internal',
      caller,
      clientAppId: onBehalfOf(request) ?? caller,
      channel: channelOf(request),
      scopes: [],
    } satisfies Principal;
    return true;
  }
}
