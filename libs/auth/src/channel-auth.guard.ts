import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Logger,
  Optional,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@omnigate/problems';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyStore } from './api-key.store';
import { ChannelNotAllowed, CredentialsInvalid, CredentialsMissing, ScopeMissing } from './auth.errors';
import { CHANNEL_AUTH_OPTIONS, type ChannelAuthOptions } from './channel-auth.options';
import { ClientAppRegistry, type ClientApp } from './client-app-registry';
import { channelCredentialOf } from './credential-headers';
import { JwtBearerVerifier } from './jwt-bearer.verifier';
import { MEMBER_SCOPED, type OwnedField, STORE_SCOPED } from './ownership.decorators';
import { assertMemberPermitted, assertStorePermitted, ownedIds } from './ownership.rules';
import type { Principal } from './principal';
import { IS_PUBLIC_ROUTE } from './public.decorator';
import { REQUIRED_SCOPES } from './require-scopes.decorator';
import { routeMetadata } from './route-metadata';

/**
 * Authenticates channel callers by `X-Api-Key` or OAuth bearer token, then enforces the app's
 * channels, the route's `@RequireScopes` and its `@StoreScoped` / `@MemberScoped` ownership.
 */
@Injectable()
export class ChannelAuthGuard implements CanActivate {
  private readonly logger = new Logger(ChannelAuthGuard.name);
  private readonly channels: ReadonlySet<string>;
  private readonly challenge: string;

  constructor(
    @Inject(CHANNEL_AUTH_OPTIONS) options: ChannelAuthOptions,
    private readonly reflector: Reflector,
    private readonly registry: ClientAppRegistry,
    private readonly apiKeys: ApiKeyStore,
    @Optional() private readonly bearer?: JwtBearerVerifier,
  ) {
    this.channels = new Set(options.channels);
    this.challenge = this.bearer
      ? 'ApiKey realm="omnigate", Bearer realm="omnigate"'
      : 'ApiKey realm="omnigate"';
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (routeMetadata<boolean>(this.reflector, IS_PUBLIC_ROUTE, context)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const principal = await this.authenticate(request, http.getResponse<FastifyReply>());
    request.principal = principal;
    if (!this.channels.has(principal.channel!)) throw new ChannelNotAllowed(principal.channel!);
    this.checkScopes(principal, routeMetadata<string[]>(this.reflector, REQUIRED_SCOPES, context) ?? []);
    this.checkOwnership(principal, request, context);
    return true;
  }

  private async authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    try {
      return await this.principalOf(request);
    } catch (error) {
      // Every 401 carries the challenge (RFC 9110), whichever check refused the credential.
      if (error instanceof DomainError && error.kind === 'unauthorized') {
        void reply.header('www-authenticate', this.challenge);
      }
      throw error;
    }
  }

  private async principalOf(request: FastifyRequest): Promise<Principal> {
    const credential = channelCredentialOf(request);
    if (credential === undefined) {
      throw new CredentialsMissing(this.bearer ? 'X-Api-Key or Authorization: Bearer' : 'X-Api-Key');
    }
    if (credential.kind === 'api-key') {
      const match = this.apiKeys.match(credential.key);
      if (match.status !== 'active') {
        if (match.status === 'revoked')
          this.logger.warn(`revoked API key ${match.keyId} of ${match.app.clientAppId} presented`);
        throw new CredentialsInvalid();
      }
      return this.principalFor(match.app, [...this.registry.scopesOf(match.app.channel)]);
    }
    if (credential.kind === 'bearer' && this.bearer) {
      const claims = await this.bearer.verify(credential.token);
      const app = this.registry.findByOauthClientId(claims.oauthClientId);
      if (!app) throw new CredentialsInvalid();
      // The registry's binding of a device app wins; a token may narrow an unbound app, never move a bound one.
      if (app.storeId !== undefined && claims.storeId !== undefined && claims.storeId !== app.storeId)
        throw new CredentialsInvalid();
      if (app.deviceId !== undefined && claims.deviceId !== undefined && claims.deviceId !== app.deviceId)
        throw new CredentialsInvalid();
      // A token grants no more than its channel may have: the registry, not the token's issuer, has the last word.
      const channelScopes = this.registry.scopesOf(app.channel);
      return {
        ...this.principalFor(
          app,
          claims.scopes.filter((s) => channelScopes.includes(s)),
        ),
        storeId: app.storeId ?? claims.storeId,
        deviceId: app.deviceId ?? claims.deviceId,
        memberId: claims.memberId,
      };
    }
    throw new CredentialsInvalid();
  }

  private principalFor(app: ClientApp, scopes: string[]): Principal {
    return {
      kind: 'channel',
      clientAppId: app.clientAppId,
      channel: app.channel,
      plan: app.plan,
      storeId: app.storeId,
      deviceId: app.deviceId,
      ...(app.trustedServer === true && { trustedServer: true }),
      scopes,
    };
  }

  private checkScopes(principal: Principal, required: string[]): void {
    const missing = required.filter((s) => !principal.scopes.includes(s));
    if (missing.length > 0) throw new ScopeMissing(missing);
  }

  private checkOwnership(principal: Principal, request: FastifyRequest, context: ExecutionContext): void {
    const store = routeMetadata<OwnedField>(this.reflector, STORE_SCOPED, context);
    if (store) for (const storeId of ownedIds(request, store)) assertStorePermitted(principal, storeId);
    const member = routeMetadata<OwnedField>(this.reflector, MEMBER_SCOPED, context);
    if (member) for (const memberId of ownedIds(request, member)) assertMemberPermitted(principal, memberId);
  }
}
