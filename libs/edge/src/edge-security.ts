import type { DocumentBuilder } from '@nestjs/swagger';

/** Where a developer trying a channel API from its Swagger UI finds keys to authorize with. */
export const DEVELOPMENT_KEYS_HINT =
  'Trying it on a development stack (npm start): Authorize with a development API key (X-Api-Key); config/README.md lists them and npm start prints them. ' +
  'The examples name stores, SKUs and members the sandbox seeds.';

/** A deployed environment of a channel API, as the OpenAPI document lists it. */
export interface ApiEnvironment {
  name: string;
  url: string;
}

/** The environments of an `API_ENVIRONMENTS` setting (`name=https://base,...`), each with the channel's path appended. */
export function apiEnvironmentsOf(setting: string, serverPath: string): ApiEnvironment[] {
  return setting.split(',').map((pair) => {
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), url: `${pair.slice(at + 1).replace(/\/+$/, '')}${serverPath}` };
  });
}

/** The servers, tags and security schemes of a channel API's OpenAPI document. */
export function documentEdgeSecurity(options: {
  tokenUrl: string;
  scopes: Record<string, string>;
  /** The deployed environments, from the app's `API_ENVIRONMENTS` (see {@link apiEnvironmentsOf}). */
  environments: ApiEnvironment[];
  tags: Record<string, string>;
}) {
  return (builder: DocumentBuilder): DocumentBuilder =>
    options.environments
      .reduce(
        (b, environment) =>
          b.addServer(environment.url, environment.name, undefined, { 'x-internal': false }),
        Object.entries(options.tags).reduce((b, [name, description]) => b.addTag(name, description), builder),
      )
      .addApiKey(
        {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          description:
            "The client app's API key, issued by the platform team per channel (and per store device for POS)",
        },
        'apiKey',
      )
      .addOAuth2(
        {
          type: 'oauth2',
          description:
            'OAuth 2.0 client credentials: a short-lived JWT access token sent as Authorization: Bearer. It must be an RFC 9068 access token ' +
            '(header typ at+jwt; others are refused 401 token-type-not-accepted), signed RS256 or ES256, with exp, iss and aud checked per RFC8725 ' +
            "and an iat within the deployment's maximum token age (older: 401 token-too-old). Its client_id names a registered client app; " +
            "its scopes count only as far as the client app's channel has them.",
          flows: {
            clientCredentials: {
              tokenUrl: options.tokenUrl,
              refreshUrl: options.tokenUrl,
              scopes: options.scopes,
            },
          },
        },
        'oauth2',
      );
}
