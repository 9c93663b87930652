import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { DomainError } from '@omnigate/problems';
import { jsonNestingExceeds } from './json-nesting';

/** A JSON body nested deeper than the app reads; refused while parsing, before anything walks it. */
export class BodyTooDeep extends DomainError {
  readonly type = 'body-too-deep';
  override readonly kind = 'bad-request';
  override readonly extensions: Record<string, unknown>;
  constructor(maxDepth: number) {
    super('The request body is nested too deeply');
    this.extensions = { maxDepth };
  }
}

/**
 * Replaces the JSON body parser of the app with one that refuses bodies nested deeper than
 * `maxDepth` before parsing them: validation (class-transformer) and the idempotency fingerprint
 * walk a body recursively, and a body thousands of levels deep would overflow the stack (a 500).
 * What passes is parsed by Fastify's own parser, which keeps refusing `__proto__` and
 * `constructor.prototype` keys.
 */
export function installJsonBodyParser(app: NestFastifyApplication, maxDepth: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>(
    'application/json',
    { bodyLimit: fastify.initialConfig.bodyLimit },
    (request, body, done) => {
      if (jsonNestingExceeds(body, maxDepth)) {
        done(new BodyTooDeep(maxDepth), undefined);
        return;
      }
      // Fastify's default parser answers through `done`; its type also admits the promise form, which it does not use.
      void parseJson(request, body.toString('utf8'), done);
    },
  );
}
