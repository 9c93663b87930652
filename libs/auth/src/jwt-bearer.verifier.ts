import { UpstreamError } from '@omnigate/problems';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { CredentialsInvalid } from './auth.errors';

/** Where tokens come from and whom they must be for. */
export interface JwksOptions {
  /** The authorization server's JSON Web Key Set, e.g. `https://idp.example.com/.well-known/jwks.json`. */
  url: string;
  issuer: string;
  audience: string;
  /** Leeway for `exp` and `nbf`, in seconds. */
  clockToleranceS?: number;
}

/** The claims of a verified access token that the guard uses. */
export interface BearerClaims {
  oauthClientId: string;
  scopes: string[];
  storeId?: string;
  deviceId?: string;
  memberId?: string;
}

// Failures that mean "we could not fetch the keys", not "the token is bad": the client is not at fault.
const KEY_SET_UNREACHABLE = new Set(['ERR_JOSE_GENERIC', 'ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID']);

function optionalString(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new CredentialsInvalid();
  return value;
}

/** Verifies OAuth access tokens (RS256 or ES256) against the authorization server's JWKS. */
export class JwtBearerVerifier {
  private readonly keySet: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly options: JwksOptions) {
    this.keySet = createRemoteJWKSet(new URL(options.url));
  }

  /** Verifies signature, issuer, audience and expiry, then reads the claims; throws {@link CredentialsInvalid} when the token is not acceptable. */
  async verify(token: string): Promise<BearerClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keySet, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['RS256', 'ES256'],
        clockTolerance: this.options.clockToleranceS ?? 5,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError && !KEY_SET_UNREACHABLE.has(error.code)) throw new CredentialsInvalid();
      throw new UpstreamError('oauth', 'fetch-jwks', 'unavailable', (error as Error).message);
    }
    const oauthClientId = optionalString(payload, 'client_id') ?? optionalString(payload, 'azp');
    if (oauthClientId === undefined) throw new CredentialsInvalid();
    const scope = payload.scope;
    if (scope !== undefined && typeof scope !== 'string') throw new CredentialsInvalid();
    return {
      oauthClientId,
      scopes: (scope ?? '').split(' ').filter((s) => s !== ''),
      storeId: optionalString(payload, 'store_id'),
      deviceId: optionalString(payload, 'device_id'),
      memberId: optionalString(payload, 'member_id'),
    };
  }
}
