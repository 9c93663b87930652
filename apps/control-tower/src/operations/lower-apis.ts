import { Injectable, Logger } from '@nestjs/common';
import type { BreakerStats } from '@omnigate/http-client';
import { ControlTowerConfig } from '../control-tower.config';

/** What an API below answered, as it answered it: the control tower shows refusals, it does not reword them. */
export interface LowerAnswer {
  status: number;
  contentType: string;
  body: unknown;
}

/** The system APIs the health section watches. */
export const SYSTEM_APIS = ['system-erp', 'system-pos', 'system-loyalty', 'system-oms'] as const;

/** Every app whose traffic the control tower reads from its `/metrics`. */
export const WATCHED_APPS = [
  'experience-storefront',
  'experience-pos',
  'process-orders',
  ...SYSTEM_APIS,
] as const;
export type WatchedApp = (typeof WATCHED_APPS)[number];

/** Calls process-orders' operations API with the control tower's own internal key, and reads the system APIs' health. */
@Injectable()
export class LowerApis {
  private readonly logger = new Logger(LowerApis.name);

  constructor(private readonly config: ControlTowerConfig) {}

  private async call(url: string, init: RequestInit = {}): Promise<LowerAnswer> {
    try {
      const response = await fetch(url, {
        ...init,
        signal: AbortSignal.timeout(this.config.SYSTEM_API_TIMEOUT_MS),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        // Not JSON: shown as text.
      }
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? 'application/json',
        body,
      };
    } catch (error) {
      this.logger.warn(`call to ${new URL(url).origin} failed: ${(error as Error).message}`);
      return {
        status: 502,
        contentType: 'application/problem+json',
        body: {
          type: 'https://omnigate.dev/problems/upstream-unreachable',
          title: 'Upstream unreachable',
          status: 502,
          detail: (error as Error).message,
        },
      };
    }
  }

  /** A call to process-orders' `/v1/ops/...`. */
  orders(
    path: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' = 'GET',
    body?: object,
  ): Promise<LowerAnswer> {
    return this.call(`${this.config.PROCESS_ORDERS_URL}/v1/ops/${path}`, {
      method,
      headers: {
        'x-service-key': this.config.INTERNAL_SERVICE_KEY,
        ...(body && { 'content-type': 'application/json' }),
      },
      ...(body && { body: JSON.stringify(body) }),
    });
  }

  private baseUrlOf(app: WatchedApp): string {
    return {
      'experience-storefront': this.config.EXPERIENCE_STOREFRONT_URL,
      'experience-pos': this.config.EXPERIENCE_POS_URL,
      'system-erp': this.config.SYSTEM_ERP_URL,
      'system-pos': this.config.SYSTEM_POS_URL,
      'system-loyalty': this.config.SYSTEM_LOYALTY_URL,
      'system-oms': this.config.SYSTEM_OMS_URL,
      'process-orders': this.config.PROCESS_ORDERS_URL,
    }[app];
  }

  /** An app's `/metrics` (Prometheus text), read with this app's own internal key, which every app admits there. */
  metrics(app: WatchedApp): Promise<LowerAnswer> {
    return this.call(`${this.baseUrlOf(app)}/metrics`, {
      headers: { authorization: `Bearer ${this.config.INTERNAL_SERVICE_KEY}` },
    });
  }

  /** An app's readiness and its breakers (state, failures in their window, last change), as its `/health/ready` reports them. */
  async health(app: (typeof SYSTEM_APIS)[number] | 'process-orders') {
    const answer = await this.call(`${this.baseUrlOf(app)}/health/ready`);
    const details = ((answer.body as { details?: Record<string, Record<string, unknown>> } | null)?.details ??
      {}) as Record<string, Record<string, unknown>>;
    const breakers = Object.entries(details)
      .filter(([name]) => name.endsWith('-breakers'))
      .flatMap(([, detail]) => {
        const stats = (detail.breakerStats ?? {}) as Record<string, BreakerStats | undefined>;
        return Object.entries((detail.breakers ?? {}) as Record<string, string>).map(([operation, state]) => {
          const counted = stats[operation];
          // An app of an older build reports states only: its counts are unknown, not zero.
          return {
            operation,
            state,
            calls: counted?.calls ?? null,
            failures: counted?.failures ?? null,
            rejects: counted?.rejects ?? null,
            windowMs: counted?.windowMs ?? null,
            changedAt: counted?.changedAt ?? null,
          };
        });
      });
    return { app, ready: answer.status === 200, status: answer.status, breakers, details };
  }
}
