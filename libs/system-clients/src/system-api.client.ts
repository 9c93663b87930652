import { type Cached, freshnessFromHeaders } from '@omnigate/cache';
import { type BackendResponse, ResilientHttpClient } from '@omnigate/http-client';
import { REFUSAL_STATUSES, SystemRefusal } from './system-refusal';

/** A forwarded call's answer. */
export interface Forwarded<T> {
  status: number;
  data: T;
  /** True when the process API answered a repeat of an Idempotency-Key with the first answer. */
  replayed: boolean;
}

/**
 * Calls one system API with the internal service key. Business refusals come back as
 * {@link SystemRefusal}; transport failures as the client's UpstreamError.
 */
export class SystemApiClient {
  constructor(
    private readonly http: ResilientHttpClient,
    private readonly serviceKey: string,
  ) {}

  /** A read, retried when safe, with the cache age the system API reported (its Age and X-Cache headers). */
  async read<T>(operation: string, path: string, params?: Record<string, string>): Promise<Cached<T>> {
    const response = await this.http.call<T>({
      operation,
      method: 'GET',
      path,
      params,
      idempotent: true,
      headers: { 'x-service-key': this.serviceKey },
      acceptStatuses: REFUSAL_STATUSES,
    });
    this.throwIfRefused(response);
    return { value: response.data, ...freshnessFromHeaders(response.headers) };
  }

  /**
   * A write. `idempotent` is true only where the system API makes repeats harmless (a reference or
   * id the backend deduplicates on), and only then is it retried after a timeout.
   */
  async write<T>(operation: string, path: string, body: unknown, idempotent: boolean): Promise<T> {
    const response = await this.http.call<T>({
      operation,
      method: 'POST',
      path,
      body,
      idempotent,
      headers: { 'x-service-key': this.serviceKey },
      acceptStatuses: REFUSAL_STATUSES,
    });
    this.throwIfRefused(response);
    return response.data;
  }

  /**
   * A write made for a channel: its headers (Idempotency-Key, on whose behalf) travel with it and
   * the answer's status comes back, so the experience layer can pass replays on unchanged.
   */
  async forward<T>(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<Forwarded<T>> {
    const response = await this.http.call<T>({
      operation,
      method,
      path,
      body,
      // Safe to repeat: the process API deduplicates writes on their Idempotency-Key.
      idempotent: true,
      headers: { ...headers, 'x-service-key': this.serviceKey },
      acceptStatuses: REFUSAL_STATUSES,
    });
    this.throwIfRefused(response);
    return {
      status: response.status,
      data: response.data,
      replayed: response.headers['idempotent-replayed'] === 'true',
    };
  }

  private throwIfRefused(response: BackendResponse<unknown>): void {
    if (response.status >= 400)
      throw new SystemRefusal(response.status, response.data as { type?: string; title?: string });
  }
}
