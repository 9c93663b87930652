import type { DocumentBuilder } from '@nestjs/swagger';

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
            'OAuth 2.0 client credentials: a short-lived JWT access token (RS256 or ES256, with exp, iss and aud checked, per RFC8725) sent as Authorization: Bearer. Its client_id names a registered client app.',
          flows: { clientCredentials: { tokenUrl: options.tokenUrl, refreshUrl: options.tokenUrl, scopes: options.scopes } },
        },
        'oauth2',
      );
}
