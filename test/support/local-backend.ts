import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a {@link LocalBackend} received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** How a {@link LocalBackend} answers; a test changes it between calls. */
export type Answer = (request: IncomingMessage, response: ServerResponse) => void;

/** A local HTTP server standing in for a vendor backend or an API below: records every request, answers as scripted. */
export class LocalBackend {
  readonly received: ReceivedRequest[] = [];
  url = '';
  private server!: Server;

  constructor(private answer: Answer = (_request, response) => response.writeHead(404).end()) {}

  answerWith(answer: Answer): this {
    this.answer = answer;
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.received.push({ method: request.method!, url: request.url!, headers: request.headers });
      // Bodies are not needed by any test; they are drained so the connection stays usable.
      request.resume();
      request.on('end', () => this.answer(request, response));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Answers JSON with a status. */
export const json =
  (status: number, body: unknown): Answer =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

/** Answers a redirect to `location`. */
export const redirectTo =
  (location: string, status = 302): Answer =>
  (_request, response) => {
    response.writeHead(status, { location }).end();
  };
