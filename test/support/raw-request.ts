import { request } from 'node:http';

/** An answer as it came over the wire. */
export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

/**
 * Sends a request with node:http, which (unlike fetch) sends a body with any method and any
 * header size, so a test can send exactly what a hostile client would.
 */
export function sendRaw(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const sized =
      body === undefined
        ? {}
        : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    const req = request(url, { method, headers: { ...sized, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, contentType: String(res.headers['content-type']), text }),
      );
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${method} ${url}`)));
    req.end(body);
  });
}

/** A header of `bytes` bytes: over Node's 16 KiB header limit at 20,000. */
export const oversizeHeader = (bytes = 20_000): Record<string, string> => ({ 'x-filler': 'x'.repeat(bytes) });
