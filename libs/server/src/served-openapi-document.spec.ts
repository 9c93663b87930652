import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { requestOrigin, servedOpenApiDocument } from './served-openapi-document';

const committed: OpenAPIObject = {
  openapi: '3.0.0',
  info: { title: 'storefront', version: '1.0.0' },
  paths: {},
  servers: [
    { url: 'https://api.omnigate.dev/storefront', description: 'production' },
    { url: 'https://api.staging.omnigate.dev/storefront', description: 'staging' },
  ],
};

const requestTo = (protocol: string, host: string) => ({ protocol, host }) as FastifyRequest;

describe('the served OpenAPI document', () => {
  it('lists the server it is served from first, then the deployed environments, leaving the built document as it was', () => {
    const served = servedOpenApiDocument(committed, 'http://127.0.0.1:3000');
    expect(served.servers!.map((server) => server.url)).toEqual([
      'http://127.0.0.1:3000',
      'https://api.omnigate.dev/storefront',
      'https://api.staging.omnigate.dev/storefront',
    ]);
    expect(committed.servers).toHaveLength(2);
  });

  it('moves a deployed environment it is served from to the front instead of listing it twice', () => {
    const served = servedOpenApiDocument(committed, 'https://api.staging.omnigate.dev/storefront');
    expect(served.servers).toEqual([committed.servers![1], committed.servers![0]]);
  });

  it('takes the origin from the request, and none from a Host that is not a host', () => {
    expect(requestOrigin(requestTo('http', '127.0.0.1:3000'))).toBe('http://127.0.0.1:3000');
    expect(requestOrigin(requestTo('https', '[::1]:8443'))).toBe('https://[::1]:8443');
    expect(requestOrigin(requestTo('http', 'evil.example/"><script>'))).toBeUndefined();
    expect(servedOpenApiDocument(committed, undefined)).toBe(committed);
  });
});
