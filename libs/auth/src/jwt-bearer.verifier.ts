import { UpstreamError } from '@omnigate/problems';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { CredentialsInvalid, TokenTooOld, TokenTypeNotAccepted } from './auth.errors';

/** Where tokens come from and whom they must be for. */
export interface JwksOptions {
  /** The authorization server's JSON Web Key Set, e.g. `https://idp.example.com/.well-known/jwks.json`. */
  url: string;
  issuer: string;
  audience: string;
  /** Tokens issued (`iat`) longer ago than this are refused, whatever their `exp` says. */
  maxTokenAgeS: number;
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. */
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

/**
 * RFC 9068 access tokens say so in their header (`at+jwt`, or `application/at+jwt`): an ID token or
 * any other JWT the same authorization server signs is not a credential for an API.
 */
function isAccessToken(typ: string | undefined): boolean {
  return typ !== undefined && typ.toLowerCase().replace(/^application\//, '') === 'at+jwt';
}

/** Verifies OAuth access tokens (RS256 or ES256) against the authorization server's JWKS. */
export class JwtBearerVerifier {
  private readonly keySet: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly options: JwksOptions) {
    this.keySet = createRemoteJWKSet(new URL(options.url));
  }

  /**
   * Verifies signature, issuer, audience and expiry, then the token type and age, then reads the
   * claims; throws {@link CredentialsInvalid}, {@link TokenTypeNotAccepted} or {@link TokenTooOld}.
   */
  async verify(token: string): Promise<BearerClaims> {
    let payload: JWTPayload;
    let typ: string | undefined;
    try {
      ({
        payload,
        protectedHeader: { typ },
      } = await jwtVerify(token, this.keySet, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['RS256', 'ES256'],
        clockTolerance: this.options.clockToleranceS ?? 5,
        requiredClaims: ['exp', 'iat'],
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError && !KEY_SET_UNREACHABLE.has(error.code))
        throw new CredentialsInvalid();
      throw new UpstreamError('oauth', 'fetch-jwks', 'unavailable', (error as Error).message);
    }
    // Checked only once the signature holds, so that a forged header learns nothing.
    if (!isAccessToken(typ)) throw new TokenTypeNotAccepted();
    this.checkAge(payload.iat!);
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

  private checkAge(issuedAtS: number): void {
    const ageS = Date.now() / 1000 - issuedAtS;
    const toleranceS = this.options.clockToleranceS ?? 5;
    if (ageS < -toleranceS) throw new CredentialsInvalid();
    if (ageS > this.options.maxTokenAgeS + toleranceS) throw new TokenTooOld(this.options.maxTokenAgeS);
  }
}
