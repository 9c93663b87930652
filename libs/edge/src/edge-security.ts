import type { DocumentBuilder } from '@nestjs/swagger';

/** Where a developer trying a channel API from its Swagger UI finds keys to authorize with. */
export const DEVELOPMENT_KEYS_HINT =
  'Trying it on a development stack (npm start): Authorize with a development API key (X-Api-Key); config/README.md lists them and npm start prints them. ' +
  'The examples name stores, SKUs and members the sandbox seeds.';

/** The servers, tags and security schemes of a channel API's OpenAPI document. */
export function documentEdgeSecurity(options: {
  tokenUrl: string;
  scopes: Record<string, string>;
  serverPath: string;
  tags: Record<string, string>;
}) {
  return (builder: DocumentBuilder): DocumentBuilder =>
    Object.entries(options.tags)
      .reduce((b, [name, description]) => b.addTag(name, description), builder)
      .addServer(`https://api.omnigate.dev${options.serverPath}`, 'production', undefined, { 'x-internal': false })
      .addServer(`https://api.staging.omnigate.dev${options.serverPath}`, 'staging', undefined, { 'x-internal': false })
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'The client app\'s API key, issued by the platform team per channel (and per store device for POS)' },
        'apiKey',
      )
      .addOAuth2(
        {
          type: 'oauth2',
          description:
            'OAuth 2.0 client credentials: a short-lived JWT access token sent as Authorization: Bearer. It must be an RFC 9068 access token ' +
            '(header typ at+jwt; others are refused 401 token-type-not-accepted), signed RS256 or ES256, with exp, iss and aud checked per RFC8725 ' +
            'and an iat within the deployment\'s maximum token age (older: 401 token-too-old). Its client_id names a registered client app; ' +
            "its scopes count only as far as the client app's channel has them.",
          flows: { clientCredentials: { tokenUrl: options.tokenUrl, refreshUrl: options.tokenUrl, scopes: options.scopes } },
        },
        'oauth2',
      );
}
