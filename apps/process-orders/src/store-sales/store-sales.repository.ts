import { Injectable } from '@nestjs/common';
import type { RegisterSequenceGapsView, SaleConflictView, StoreSaleDto } from '@omnigate/contracts';
import { Database, type SqlExecutor } from '@omnigate/persistence';
import { jsonValue } from '@omnigate/workflow';

/**
 * The SQL of store sales beyond what the engine's instance store does: the sale key lookup, the
 * conflicts kept for operators, register sequence gaps, and the daily journals' lookups and sums.
 */
@Injectable()
export class StoreSalesRepository {
  constructor(private readonly db: Database) {}

  /** The id of the sale accepted under `saleKey`, if any (the key's unique index serves it). */
  async saleIdByKey(saleKey: string, tx: SqlExecutor = this.db): Promise<string | undefined> {
    const [row] = await tx.query<{ instance_id: string }>(
      `SELECT instance_id FROM workflow_instances WHERE workflow = 'store-sale' AND keys ->> 'saleKey' = $1`,
      [saleKey],
    );
    return row?.instance_id;
  }

  /** Keeps a submission refused for reusing a key; the same submission sent again is kept once. */
  async recordConflict(
    saleKey: string,
    submittedHash: string,
    acceptedSaleId: string,
    submitted: StoreSaleDto,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO store_sale_conflicts (sale_key, submitted_hash, accepted_sale_id, store_id, submitted)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sale_key, submitted_hash) DO NOTHING`,
      [saleKey, submittedHash, acceptedSaleId, submitted.storeId, JSON.stringify(submitted)],
    );
  }

  async listConflicts(storeId: string | undefined, limit: number): Promise<SaleConflictView[]> {
    const rows = await this.db.query<{
      sale_key: string;
      accepted_sale_id: string;
      submitted: unknown;
      received_at: Date | string;
    }>(
      `SELECT sale_key, accepted_sale_id, submitted, received_at FROM store_sale_conflicts
       WHERE $1::text IS NULL OR store_id = $1 ORDER BY received_at DESC, sale_key LIMIT $2`,
      [storeId ?? null, limit],
    );
    return rows.map((r) => ({
      saleKey: r.sale_key,
      acceptedSaleId: r.accepted_sale_id,
      submitted: jsonValue<StoreSaleDto>(r.submitted),
      receivedAt: new Date(r.received_at).toISOString(),
    }));
  }

  /** The runs of sequences missing between a register's lowest and highest accepted sale (of one business date, if given). */
  async sequenceGaps(
    storeId: string,
    registerId: string,
    businessDate?: string,
  ): Promise<RegisterSequenceGapsView> {
    const params = [storeId, registerId, businessDate ?? null];
    const scope = `workflow = 'store-sale' AND keys ->> 'storeId' = $1 AND keys ->> 'registerId' = $2
      AND ($3::text IS NULL OR keys ->> 'businessDate' = $3)`;
    const [summary] = await this.db.query<{
      count: string | number;
      first: string | number | null;
      last: string | number | null;
    }>(
      `SELECT count(*) AS count, min((keys ->> 'sequence')::bigint) AS first, max((keys ->> 'sequence')::bigint) AS last
       FROM workflow_instances WHERE ${scope}`,
      params,
    );
    const gaps = await this.db.query<{ from_sequence: string | number; to_sequence: string | number }>(
      `SELECT seq + 1 AS from_sequence, next_seq - 1 AS to_sequence FROM (
         SELECT (keys ->> 'sequence')::bigint AS seq, lead((keys ->> 'sequence')::bigint) OVER (ORDER BY (keys ->> 'sequence')::bigint) AS next_seq
         FROM workflow_instances WHERE ${scope}
       ) s WHERE next_seq > seq + 1 ORDER BY seq LIMIT 1000`,
      params,
    );
    return {
      storeId,
      registerId,
      ...(businessDate !== undefined && { businessDate }),
      acceptedSales: Number(summary.count),
      ...(summary.first !== null && {
        firstSequence: Number(summary.first),
        lastSequence: Number(summary.last),
      }),
      gaps: gaps.map((g) => ({
        fromSequence: Number(g.from_sequence),
        toSequence: Number(g.to_sequence),
        missing: Number(g.to_sequence) - Number(g.from_sequence) + 1,
      })),
    };
  }

  /**
   * Serializes, until `tx` ends, everything that opens, fills or closes the journals of one store,
   * business date and currency: a sale joins a journal that is still open when it commits, and a
   * close sums every sale that joined.
   */
  async lockJournals(
    tx: SqlExecutor,
    storeId: string,
    businessDate: string,
    currency: string,
  ): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `sales-journal:${storeId}:${businessDate}:${currency}`,
    ]);
  }

  /** The open journal and how many journals the date has had, under {@link lockJournals}. */
  async journalsOf(
    tx: SqlExecutor,
    storeId: string,
    businessDate: string,
    currency: string,
  ): Promise<{ openId?: string; count: number }> {
    const rows = await tx.query<{ instance_id: string; state: string }>(
      `SELECT instance_id, state FROM workflow_instances WHERE workflow = 'sales-journal'
       AND keys ->> 'storeId' = $1 AND keys ->> 'businessDate' = $2 AND keys ->> 'currency' = $3`,
      [storeId, businessDate, currency],
    );
    return { openId: rows.find((r) => r.state === 'OPEN')?.instance_id, count: rows.length };
  }

  /** The journal's sales summed per sku, and how many sales and how much money they are. */
  async journalSums(
    tx: SqlExecutor,
    journalId: string,
  ): Promise<{
    lines: { sku: string; quantity: number; netAmountMinor: number }[];
    saleCount: number;
    totalMinor: number;
  }> {
    const lines = await tx.query<{ sku: string; quantity: string | number; net: string | number }>(
      `SELECT line ->> 'sku' AS sku, sum((line ->> 'quantity')::bigint) AS quantity, sum((line ->> 'netAmountMinor')::bigint) AS net
       FROM workflow_instances, jsonb_array_elements(facts -> 'netLines') AS line
       WHERE workflow = 'store-sale' AND facts ->> 'journalId' = $1 GROUP BY 1 ORDER BY 1`,
      [journalId],
    );
    const [sales] = await tx.query<{ count: string | number; total: string | number | null }>(
      `SELECT count(*) AS count, sum((facts ->> 'totalMinor')::bigint) AS total
       FROM workflow_instances WHERE workflow = 'store-sale' AND facts ->> 'journalId' = $1`,
      [journalId],
    );
    return {
      lines: lines.map((l) => ({ sku: l.sku, quantity: Number(l.quantity), netAmountMinor: Number(l.net) })),
      saleCount: Number(sales.count),
      totalMinor: Number(sales.total ?? 0),
    };
  }

  /** The journals of a store (of one business date, if given), by date and part. */
  async journalIds(storeId: string, businessDate: string | undefined): Promise<string[]> {
    const rows = await this.db.query<{ instance_id: string }>(
      `SELECT instance_id FROM workflow_instances WHERE workflow = 'sales-journal' AND keys ->> 'storeId' = $1
       AND ($2::text IS NULL OR keys ->> 'businessDate' = $2)
       ORDER BY keys ->> 'businessDate' DESC, keys ->> 'currency', (keys ->> 'part')::int LIMIT 500`,
      [storeId, businessDate ?? null],
    );
    return rows.map((r) => r.instance_id);
  }

  async journalSaleIds(tx: SqlExecutor, journalId: string): Promise<string[]> {
    const rows = await tx.query<{ instance_id: string }>(
      `SELECT instance_id FROM workflow_instances WHERE workflow = 'store-sale' AND facts ->> 'journalId' = $1`,
      [journalId],
    );
    return rows.map((r) => r.instance_id);
  }
}
