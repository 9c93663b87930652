import { ResilientHttpClient } from '@omnigate/http-client';
import { rootLogger } from '@omnigate/observability';
import type { Cached } from '@omnigate/cache';
import type { PointsHoldsView } from '@omnigate/contracts';
import { SystemApiClient } from '@omnigate/system-clients';

/** process-orders' points holds of a member, as experience-storefront reads them beside the loyalty account. */
export class PointsHoldsApi {
  constructor(private readonly client: SystemApiClient) {}

  /** Connects once, with one attempt per call: a member answer does not wait for holds. */
  static connect(
    baseUrl: string,
    serviceKey: string,
    timeoutMs: number,
    maxBodyBytes: number,
  ): PointsHoldsApi {
    const http = new ResilientHttpClient(
      {
        backend: 'process-orders',
        baseUrl,
        internal: true,
        timeoutMs,
        maxSockets: 64,
        maxBodyBytes,
        breaker: {
          volumeThreshold: 10,
          errorThresholdPercentage: 50,
          resetTimeoutMs: 5_000,
          rollingWindowMs: 10_000,
        },
        retry: { attempts: 1, baseDelayMs: 50, maxDelayMs: 50, maxRetryAfterMs: 0 },
      },
      rootLogger(),
    );
    return new PointsHoldsApi(new SystemApiClient(http, serviceKey));
  }

  holdsOf(memberId: string): Promise<Cached<PointsHoldsView>> {
    return this.client.read('read points holds', `/v1/members/${encodeURIComponent(memberId)}/points-holds`);
  }
}
