import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import {
  type CallerKeyRing,
  CredentialsInvalid,
  CredentialsMissing,
  InternalCallerNotAllowed,
} from '@omnigate/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Who may read `/metrics`: the callers of an app's key ring that are the metrics scraper, or anyone (the sandbox). */
export type MetricsScrapers = CallerKeyRing | 'anyone';

/** Injection token of the app's {@link MetricsScrapers}. */
export const METRICS_SCRAPERS = Symbol('MetricsScrapers');

const CHALLENGE = 'Bearer realm="omnigate-metrics"';

/** The internal callers that may read `/metrics`: Prometheus, and the control tower for its traffic figures. */
const METRICS_READERS: readonly string[] = ['metrics-scraper', 'control-tower'];

/**
 * Serves `/metrics` only to the metrics readers, presenting their key as a bearer token: what
 * Prometheus sends with `authorization: { credentials_file: ... }`. Route names, rates and
 * breaker states tell an attacker where the backends hurt.
 */
@Injectable()
export class MetricsScrapeGuard implements CanActivate {
  constructor(@Inject(METRICS_SCRAPERS) private readonly scrapers: MetricsScrapers) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.scrapers === 'anyone') return true;
    const http = context.switchToHttp();
    const authorization = http.getRequest<FastifyRequest>().headers.authorization;
    const key = typeof authorization === 'string' ? /^Bearer +(\S+) *$/i.exec(authorization)?.[1] : undefined;
    const caller = key === undefined ? undefined : this.scrapers.identify(key);
    if (caller === undefined) {
      void http.getResponse<FastifyReply>().header('www-authenticate', CHALLENGE);
      throw key === undefined
        ? new CredentialsMissing('Authorization: Bearer <metrics scraper key>')
        : new CredentialsInvalid();
    }
    if (!METRICS_READERS.includes(caller)) throw new InternalCallerNotAllowed(caller);
    return true;
  }
}
