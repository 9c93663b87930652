import { Injectable } from '@nestjs/common';
import { ResilientHttpClient, type BackendResponse } from '@omnigate/http-client';

/** The OMS/WMS: reads are retried; writes are sent once and made safe by the caller's keys. */
@Injectable()
export class OmsClient {
  constructor(private readonly http: ResilientHttpClient) {}

  /** A read; `acceptStatuses` are handed back instead of thrown (a 404 for an unknown id). */
  get<T>(operation: string, path: string, acceptStatuses?: number[]): Promise<BackendResponse<T>> {
    return this.http.call<T>({ operation, method: 'GET', path, idempotent: true, acceptStatuses });
  }

  /** A write, never retried on a timeout here: the caller repeats it with the same key. */
  post<T>(
    operation: string,
    path: string,
    body: unknown,
    acceptStatuses: number[],
  ): Promise<BackendResponse<T>> {
    return this.http.call<T>({ operation, method: 'POST', path, body, idempotent: false, acceptStatuses });
  }
}
