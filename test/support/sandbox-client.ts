/** A backend the sandbox simulates. */
export type Backend = 'erp' | 'loyalty' | 'oms' | 'pos';

/** One call a simulated backend received. */
export interface RecordedCall {
  backend: Backend;
  operation: string;
  method: string;
  path: string;
  status: number;
  receivedAt: string;
  finishedAt: string;
  headers: { traceparent?: string; 'x-correlation-id'?: string };
  body?: unknown;
  /** The backend committed this write but its answer was lost (the lostReplies fault). */
  replyLost?: true;
}

export interface SeedSummary {
  skus: string[];
  stores: { storeId: string; registers: string[]; priceListId: string }[];
  members: { memberNumber: string; points: number; status: string }[];
  promotions: { promoId: string; itemIds: string[]; storeIds: string[]; activeNow: boolean }[];
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`sandbox admin answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Drives the sandbox's admin API: faults in, counters and call log out. */
export class SandboxClient {
  constructor(readonly url: string) {}

  setFaults(backend: Backend, faults: Record<string, unknown>): Promise<unknown> {
    return fetch(`${this.url}/_admin/faults/${backend}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    }).then(json);
  }

  /** The ERP acknowledges and forgets its next `documents` retail documents; loyalty its next `accruals` accruals and `redemptions` redemptions (points holds). */
  async loseRecords({
    documents = 0,
    accruals = 0,
    redemptions = 0,
  }: {
    documents?: number;
    accruals?: number;
    redemptions?: number;
  }): Promise<void> {
    await this.setFaults('erp', { loseDocuments: documents });
    await this.setFaults('loyalty', { loseAccruals: accruals, loseRedemptions: redemptions });
  }

  reset(): Promise<unknown> {
    return fetch(`${this.url}/_admin/reset`, { method: 'POST' }).then(json);
  }

  seed(): Promise<SeedSummary> {
    return fetch(`${this.url}/_admin/seed`).then((r) => json<SeedSummary>(r));
  }

  async operationCalls(backend: Backend, operation: string): Promise<number> {
    const counters = await fetch(`${this.url}/_admin/counters`).then((r) =>
      json<Record<string, { operations: Record<string, { calls: number }> }>>(r),
    );
    return counters[backend]?.operations[operation]?.calls ?? 0;
  }

  async counters(): Promise<
    Record<
      Backend,
      {
        total: number;
        refused: number;
        maxInFlight: number;
        operations: Record<string, { calls: number; refused: number }>;
      }
    >
  > {
    return fetch(`${this.url}/_admin/counters`).then((r) => json(r));
  }

  async clearCounters(): Promise<void> {
    await fetch(`${this.url}/_admin/counters`, { method: 'DELETE' });
  }

  async calls(backend: Backend, operation?: string): Promise<RecordedCall[]> {
    const query = new URLSearchParams({ backend, limit: '20000', ...(operation && { operation }) });
    const body = await fetch(`${this.url}/_admin/calls?${query}`).then((r) =>
      json<{ calls: RecordedCall[] }>(r),
    );
    return body.calls;
  }

  async expireErpCsrfTokens(): Promise<void> {
    await fetch(`${this.url}/_admin/erp/csrf/expire`, { method: 'POST' }).then(json);
  }
}
