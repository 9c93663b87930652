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
