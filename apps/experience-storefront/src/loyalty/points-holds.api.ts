import { ResilientHttpClient } from '@omnigate/http-client';
import { rootLogger } from '@omnigate/observability';
import { SystemApiClient, type SystemRead } from '@omnigate/system-clients';

/** Points a pickup order holds on a member's account until it is collected or ends. */
export interface PointsHold {
  holdId: string;
  orderId: string;
  points: number;
  createdAt: string;
}

/** process-orders' points holds of a member. */
export class PointsHoldsApi {
  constructor(private readonly client: SystemApiClient) {}

  /** Connects once, with one attempt per call: a member answer does not wait for holds. */
  static connect(baseUrl: string, serviceKey: string, timeoutMs: number, maxBodyBytes: number): PointsHoldsApi {
    const http = new ResilientHttpClient(
      {
        backend: 'process-orders',
        baseUrl,
        internal: true,
        timeoutMs,
        maxSockets: 64,
        maxBodyBytes,
        breaker: { volumeThreshold: 10, errorThresholdPercentage: 50, resetTimeoutMs: 5_000, rollingWindowMs: 10_000 },
        retry: { attempts: 1, baseDelayMs: 50, maxDelayMs: 50, maxRetryAfterMs: 0 },
      },
      rootLogger(),
    );
    return new PointsHoldsApi(new SystemApiClient(http, serviceKey));
  }

  holdsOf(memberId: string): Promise<SystemRead<{ holds: PointsHold[] }>> {
    return this.client.read('read points holds', `/v1/members/${encodeURIComponent(memberId)}/points-holds`);
  }
}
