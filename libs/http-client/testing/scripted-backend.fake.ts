import type { BackendCall, BackendResponse } from '../src/backend-options';
import type { ResilientHttpClient } from '../src/resilient-http-client';
import { UpstreamError } from '@omnigate/problems';

interface ScriptedAnswer {
  method: BackendCall['method'];
  path: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  /** Given once, then the next script for the same call answers. */
  once: boolean;
}

/** Response headers of a scripted answer, and whether it answers only the next call. */
export interface ScriptOptions {
  headers?: Record<string, string>;
  once?: boolean;
}

/**
 * Stands in for the {@link ResilientHttpClient} in system apps' specs: answers what the spec scripted, keeps
 * every call, and throws {@link UpstreamError} for statuses the caller did not accept, as the real
 * client does.
 */
export class ScriptedBackend {
  readonly calls: BackendCall[] = [];
  private readonly answers: ScriptedAnswer[] = [];

  constructor(private readonly backend: string) {}

  /** Scripts the answer to one method and path; a later script for the same call wins, until a `once` answer is used up. */
  answer(
    method: BackendCall['method'],
    path: string,
    status: number,
    body: unknown,
    options: ScriptOptions = {},
  ): this {
    this.answers.unshift({
      method,
      path,
      status,
      body,
      headers: options.headers ?? {},
      once: options.once ?? false,
    });
    return this;
  }

  async call<T>(call: BackendCall): Promise<BackendResponse<T>> {
    this.calls.push(call);
    const scripted = this.answers.find((a) => a.method === call.method && a.path === call.path);
    if (!scripted) throw new Error(`nothing scripted for ${call.method} ${call.path}`);
    if (scripted.once) this.answers.splice(this.answers.indexOf(scripted), 1);
    const { status, body, headers } = scripted;
    if ((status >= 200 && status < 300) || call.acceptStatuses?.includes(status)) {
      return { status, data: body as T, headers };
    }
    if (status === 429)
      throw new UpstreamError(this.backend, call.operation, 'quota-exceeded', 'quota exceeded', status, 1);
    const failure = status >= 500 ? 'unavailable' : 'rejected';
    throw new UpstreamError(this.backend, call.operation, failure, `answered ${status}`, status);
  }

  /** The calls made to one method and path. */
  callsTo(method: BackendCall['method'], path: string): BackendCall[] {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  asClient(): ResilientHttpClient {
    return this as unknown as ResilientHttpClient;
  }
}
