import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** A stand-in authorization server: serves a JWKS over HTTP and issues tokens signed with its keys. */
export class LocalOauthServer {
  readonly issuer = 'https://idp.test.omnigate.dev/';
  readonly audience = 'omnigate-experience';
  private server: Server;
  private keys: { kid: string; alg: 'ES256' | 'RS256'; privateKey: SigningKey }[] = [];
  url = '';

  static async start(): Promise<LocalOauthServer> {
    const oauth = new LocalOauthServer();
    await oauth.listen();
    return oauth;
  }

  private async listen(): Promise<void> {
    const jwks = { keys: [] as object[] };
    for (const alg of ['ES256', 'RS256'] as const) {
      const { publicKey, privateKey } = await generateKeyPair(alg);
      const kid = `test-${alg.toLowerCase()}`;
      this.keys.push({ kid, alg, privateKey });
      jwks.keys.push({ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' });
    }
    this.server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks.json`;
  }

  /**
   * Signs an RFC 9068 access token (`typ` at+jwt, issued a minute ago); `expiresInS` may be negative
   * for an expired one, `typ: null` and `issuedAgoS: null` leave the header type and `iat` out.
   */
  issue(
    claims: JWTPayload,
    opts: {
      alg?: 'ES256' | 'RS256';
      audience?: string;
      issuer?: string;
      expiresInS?: number;
      typ?: string | null;
      issuedAgoS?: number | null;
    } = {},
  ): Promise<string> {
    const key = this.keys.find((k) => k.alg === (opts.alg ?? 'ES256'))!;
    const now = Math.floor(Date.now() / 1000);
    const typ = opts.typ === undefined ? 'at+jwt' : opts.typ;
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, ...(typ !== null && { typ }) })
      .setIssuer(opts.issuer ?? this.issuer)
      .setAudience(opts.audience ?? this.audience)
      .setExpirationTime(now + (opts.expiresInS ?? 300));
    const issuedAgoS = opts.issuedAgoS === undefined ? 60 : opts.issuedAgoS;
    if (issuedAgoS !== null) jwt.setIssuedAt(now - issuedAgoS);
    return jwt.sign(key.privateKey);
  }

  /** Signs a token with a key the JWKS does not hold. */
  async issueWithForeignKey(claims: JWTPayload): Promise<string> {
    const { privateKey } = await generateKeyPair('ES256');
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'test-es256', typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
