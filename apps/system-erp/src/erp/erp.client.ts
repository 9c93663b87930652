import { Injectable } from '@nestjs/common';
import { ResilientHttpClient, type BackendCall, type BackendResponse } from '@omnigate/http-client';
import { rootLogger } from '@omnigate/observability';

/**
 * The ERP's write protocol: every POST needs a CSRF token fetched with a GET beforehand. Tokens
 * expire without notice; the ERP then answers 403 with `x-csrf-token: Required`, and the write is
 * retried once with a fresh token.
 */
@Injectable()
export class ErpClient {
  private csrfToken: Promise<string> | undefined;

  constructor(private readonly http: ResilientHttpClient) {}

  /** A read: idempotent, retried and breaker-guarded. */
  get<T>(
    operation: string,
    path: string,
    params?: Record<string, string | number>,
    acceptStatuses?: number[],
  ) {
    return this.http.call<T>({ operation, method: 'GET', path, params, idempotent: true, acceptStatuses });
  }

  /** A write carrying a CSRF token; a refused token is renewed and the write sent once more. */
  async post<T>(
    operation: string,
    path: string,
    body: unknown,
    acceptStatuses: number[] = [],
  ): Promise<BackendResponse<T>> {
    const call = (token: string): BackendCall => ({
      operation,
      method: 'POST',
      path,
      body,
      idempotent: false,
      headers: { 'x-csrf-token': token },
      acceptStatuses: [...acceptStatuses, 403],
    });
    const first = await this.http.call<T>(call(await this.token()));
    if (!this.isCsrfRefusal(first)) return first;
    rootLogger().info({ backend: 'erp', operation }, 'ERP CSRF token expired; fetching a new one');
    const renewed = await this.token(true);
    return this.http.call<T>({ ...call(renewed), acceptStatuses });
  }

  private isCsrfRefusal(response: BackendResponse<unknown>): boolean {
    return response.status === 403 && response.headers['x-csrf-token']?.toLowerCase() === 'required';
  }

  private token(renew = false): Promise<string> {
    if (renew || !this.csrfToken) {
      this.csrfToken = this.http
        .call<unknown>({
          operation: 'fetch CSRF token',
          method: 'GET',
          path: '/API_PRODUCT_SRV/A_Product',
          params: { $top: 1 },
          headers: { 'x-csrf-token': 'Fetch' },
          idempotent: true,
        })
        .then((response) => response.headers['x-csrf-token'] ?? '');
      this.csrfToken.catch(() => (this.csrfToken = undefined));
    }
    return this.csrfToken;
  }
}
