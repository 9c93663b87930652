import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdempotencyStore, type StoredResponse } from './idempotency.store';
import { IdempotentRequests } from './idempotent-requests';

// Headers that describe the answer itself; per-delivery ones (date, correlation id, rate limit) are not replayed.
const REPLAYED_HEADERS = ['content-type', 'location', 'content-location', 'etag', 'last-modified'];

function isJson(contentType: string | undefined): boolean {
  return contentType === undefined || /[/+]json\b/i.test(contentType);
}

function storedHeadersOf(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}

function storedBodyOf(payload: unknown, contentType: string | undefined): unknown {
  const text = Buffer.isBuffer(payload) ? payload.toString('utf8') : (payload as string | null | undefined);
  if (text === null || text === undefined || text === '') return null;
  if (!isJson(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function replayPayloadOf(stored: StoredResponse): string {
  if (stored.body === null) return '';
  return typeof stored.body === 'string' && !isJson(stored.headers['content-type'])
    ? stored.body
    : JSON.stringify(stored.body);
}

/**
 * Records the answer of each claimed request as it leaves (after exception filters ran), and
 * restores stored answers on replays. Lives in Fastify's onSend hook, the last point where the
 * final status, headers and body are all known and still changeable; it runs after the work
 * committed, which is why use cases bind their key to their resource in their own transaction.
 */
@Injectable()
export class IdempotentResponseRecorder implements OnModuleInit {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly store: IdempotencyStore,
    private readonly requests: IdempotentRequests,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // a standalone application context serves no HTTP
    const fastify = adapter.getInstance<FastifyInstance>();
    if (typeof fastify.addHook !== 'function')
      throw new Error('IdempotencyModule needs the Fastify platform');
    fastify.addHook('onSend', (request, reply, payload) => this.onSend(request, reply, payload));
  }

  private async onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const decision = this.requests.take(request);
    if (decision?.kind === 'replay') {
      const { kind: _, ...stored } = decision;
      void reply.code(stored.status).headers(stored.headers).header('idempotent-replayed', 'true');
      return replayPayloadOf(stored);
    }
    if (decision?.kind !== 'claimed') return payload;
    const { claim } = decision;
    const { scope, key } = claim;
    try {
      if (reply.statusCode >= 500 || reply.statusCode === 202 || reply.statusCode === 400) {
        // A 202 answers work still running: a retry is answered with the resource as it is by then, not this snapshot.
        // A 400 refused the request for its shape (validation-failed) before any work: the key is not spent,
        // so the caller may send the corrected request under it.
        await this.store.abandon(claim);
      } else if (payload !== null && typeof payload === 'object' && !Buffer.isBuffer(payload)) {
        this.logger.error(`A streamed answer cannot be replayed; key ${scope}/${key} released`);
        await this.store.abandon(claim);
      } else {
        const headers = storedHeadersOf(reply);
        await this.store.complete(
          claim,
          reply.statusCode,
          headers,
          storedBodyOf(payload, headers['content-type']),
        );
      }
    } catch (error) {
      // The work is done and the answer is ready; the client gets it. The key stays in flight until its lock
      // lapses; a retry is then answered from the resource the use case bound, or runs again if it bound none.
      this.logger.error(
        `Could not record the answer for key ${scope}/${key}: ${(error as Error).message}`,
        (error as Error).stack,
      );
    }
    return payload;
  }
}
