import { DomainError } from '@omnigate/problems';

/** No credential was presented. */
export class CredentialsMissing extends DomainError {
  readonly type = 'credentials-missing';
  override readonly kind = 'unauthorized';
  constructor(accepted: string) {
    super(`Credentials are required: ${accepted}`);
  }
}

/** A credential was presented but is unknown, revoked, expired or malformed. */
export class CredentialsInvalid extends DomainError {
  readonly type = 'credentials-invalid';
  override readonly kind = 'unauthorized';
  constructor() {
    super('The credentials are not valid');
  }
}

/** The client app belongs to a channel this API does not serve. */
export class ChannelNotAllowed extends DomainError {
  readonly type = 'channel-not-allowed';
  override readonly kind = 'forbidden';
  constructor(readonly channel: string) {
    super(`Channel '${channel}' may not call this API`);
  }
}

/** The principal lacks a scope the route requires. */
export class ScopeMissing extends DomainError {
  readonly type = 'scope-missing';
  override readonly kind = 'forbidden';
  override readonly extensions: Record<string, unknown>;
  constructor(missing: string[]) {
    super('The credentials lack a required scope');
    this.extensions = { requiredScopes: missing };
  }
}

/** The principal is bound to another store than the one addressed. */
export class StoreNotPermitted extends DomainError {
  readonly type = 'store-not-permitted';
  override readonly kind = 'forbidden';
  constructor() {
    super('These credentials may not act for this store');
  }
}

/** The principal is bound to another loyalty member than the one addressed. */
export class MemberNotPermitted extends DomainError {
  readonly type = 'member-not-permitted';
  override readonly kind = 'forbidden';
  constructor() {
    super('These credentials may not act for this member');
  }
}

/** Acting for a member needs a credential bound to that member; a client app's own key or token is not one. */
export class MemberCredentialRequired extends DomainError {
  readonly type = 'member-credential-required';
  override readonly kind = 'forbidden';
  constructor() {
    super("Acting for a loyalty member needs that member's token (or a trusted server's credentials)");
  }
}

/** A channel credential reached a process or system API, which only internal callers may use. */
export class ChannelCredentialRefused extends DomainError {
  readonly type = 'channel-credential-refused';
  override readonly kind = 'forbidden';
  constructor() {
    super('Channel credentials are not accepted here; this API is internal');
  }
}

/** The internal caller is not among those the route admits, or the route admits none. */
export class InternalCallerNotAllowed extends DomainError {
  readonly type = 'internal-caller-not-allowed';
  override readonly kind = 'forbidden';
  constructor(caller: string) {
    super(`The internal caller '${caller}' may not call this route`);
  }
}

/** A caller other than an experience app named the client app or channel it calls for. */
export class OnBehalfOfNotAllowed extends DomainError {
  readonly type = 'on-behalf-of-not-allowed';
  override readonly kind = 'forbidden';
  constructor(caller: string) {
    super(
      `The internal caller '${caller}' may not send X-On-Behalf-Of or X-Channel; only the experience apps act for a client app`,
    );
  }
}

/** A bearer token that is not an OAuth access token (its `typ` is not `at+jwt`, e.g. an ID token). */
export class TokenTypeNotAccepted extends DomainError {
  readonly type = 'token-type-not-accepted';
  override readonly kind = 'unauthorized';
  constructor() {
    super("Only access tokens of type 'at+jwt' (RFC 9068) are accepted");
  }
}

/** A bearer token issued longer ago than the accepted maximum age. */
export class TokenTooOld extends DomainError {
  readonly type = 'token-too-old';
  override readonly kind = 'unauthorized';
  constructor(maxAgeS: number) {
    super(`The token was issued more than ${maxAgeS} seconds ago; fetch a new one`);
  }
}
