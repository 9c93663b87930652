import { Injectable } from '@nestjs/common';
import { ResilientHttpClient, type BackendResponse } from '@omnigate/http-client';

/** The loyalty platform: reads are retried; writes are sent once and made safe by their reference. */
@Injectable()
export class LoyaltyClient {
  constructor(private readonly http: ResilientHttpClient) {}

  /** A read; `acceptStatuses` are handed back instead of thrown (a 404 for an unknown member). */
  get<T>(
    operation: string,
    path: string,
    params?: Record<string, string | number>,
    acceptStatuses?: number[],
  ): Promise<BackendResponse<T>> {
    return this.http.call<T>({ operation, method: 'GET', path, params, idempotent: true, acceptStatuses });
  }

  /** A write, never retried on a timeout here: the caller repeats it with the same reference. */
  post<T>(
    operation: string,
    path: string,
    body: unknown,
    acceptStatuses: number[],
  ): Promise<BackendResponse<T>> {
    return this.http.call<T>({ operation, method: 'POST', path, body, idempotent: false, acceptStatuses });
  }
}
