/** The sandbox's backends, as its admin API names them. */
export type Backend = 'erp' | 'loyalty' | 'oms' | 'pos';

/** One call a simulated backend received, as `GET /_admin/calls` lists it. */
export interface RecordedCall {
  operation: string;
  status: number;
  receivedAt: string;
  finishedAt: string;
  body?: unknown;
}

interface BackendCounters {
  total: number;
  refused: number;
  maxInFlight?: number;
  refusedByStatus?: Record<string, number>;
  operations: Record<string, { calls: number; refused: number }>;
}

interface Quota {
  maxConcurrent: number;
  perWindow: number;
  windowMs: number;
}

/** One stock row of the sandbox ERP's OData stock read. */
interface ErpStockRow {
  Material: string;
  Plant: string;
  MatlWrhsStkQtyInMatlBaseUnit: string;
  ReservedQuantity: string;
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok)
    throw new Error(`sandbox answered ${response.status} to ${response.url}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** What the benchmark needs of the sandbox: its seed, counters, call log, ERP quota and stock. */
export class SandboxAdmin {
  constructor(private readonly url: string) {}

  async seed(): Promise<{ skus: string[]; stores: { storeId: string }[] }> {
    return fetch(`${this.url}/_admin/seed`).then((r) => json(r));
  }

  async counters(backend: Backend): Promise<BackendCounters> {
    const all = await fetch(`${this.url}/_admin/counters`).then((r) =>
      json<Record<string, BackendCounters>>(r),
    );
    return all[backend] ?? { total: 0, refused: 0, operations: {} };
  }

  /** Calls and fault refusals (429, 503, ...) of one operation since the counters were cleared. */
  async operation(backend: Backend, operation: string): Promise<{ calls: number; refused: number }> {
    return (await this.counters(backend)).operations[operation] ?? { calls: 0, refused: 0 };
  }

  async clearCountersAndCalls(): Promise<void> {
    await fetch(`${this.url}/_admin/counters`, { method: 'DELETE' });
    await fetch(`${this.url}/_admin/calls`, { method: 'DELETE' });
  }

  /** The most recent calls of one operation (the log holds the last 20,000 calls of all backends). */
  async calls(backend: Backend, operation: string): Promise<RecordedCall[]> {
    const query = new URLSearchParams({ backend, operation, limit: '20000' });
    return (await fetch(`${this.url}/_admin/calls?${query}`).then((r) => json<{ calls: RecordedCall[] }>(r)))
      .calls;
  }

  /** Changes the ERP's fault settings (outage, quota, ...); omitted fields keep their value. */
  async setErpFaults(faults: Record<string, unknown>): Promise<void> {
    await fetch(`${this.url}/_admin/faults/erp`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    }).then((r) => json(r));
  }

  async erpQuota(): Promise<Quota> {
    const faults = await fetch(`${this.url}/_admin/faults`).then((r) =>
      json<Record<string, { quota: Quota }>>(r),
    );
    return faults.erp.quota;
  }

  /** Units available (on hand less reserved) of each SKU the store carries, read from the ERP's OData stock service. */
  async erpStock(storeId: string, skus: string[]): Promise<Map<string, number>> {
    const available = new Map<string, number>();
    // The ERP answers at most 100 materials per query.
    for (let i = 0; i < skus.length; i += 100) {
      const materials = skus.slice(i, i + 100).map((sku) => `Material eq '${sku}'`);
      const filter = `Plant eq '${storeId}' and (${materials.join(' or ')})`;
      const path = `/erp/sap/opu/odata/sap/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod?$filter=${encodeURIComponent(filter)}`;
      const body = await fetch(`${this.url}${path}`).then((r) => json<{ d: { results: ErpStockRow[] } }>(r));
      for (const row of body.d.results) {
        available.set(
          row.Material,
          Math.trunc(Number(row.MatlWrhsStkQtyInMatlBaseUnit)) - Math.trunc(Number(row.ReservedQuantity)),
        );
      }
    }
    return available;
  }
}
