import { Injectable } from '@nestjs/common';
import { ResilientHttpClient, type BackendResponse } from '@omnigate/http-client';

/** The back office's error body: a snake_case slug such as 'store_not_found'. */
export interface PosErrorBody {
  error: string;
  message?: string;
}

/** The POS back office: read-only from here, so every call is idempotent and retried. */
@Injectable()
export class PosBackOfficeClient {
  constructor(private readonly http: ResilientHttpClient) {}

  /** A read; `acceptStatuses` are handed back instead of thrown (a 404 for an unknown store). */
  get<T>(
    operation: string,
    path: string,
    params?: Record<string, string | number>,
    acceptStatuses?: number[],
  ): Promise<BackendResponse<T>> {
    return this.http.call<T>({ operation, method: 'GET', path, params, idempotent: true, acceptStatuses });
  }
}
