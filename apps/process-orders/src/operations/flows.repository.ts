import { Injectable } from '@nestjs/common';
import { Database } from '@omnigate/persistence';

/** One flow as operators see it in a list: which workflow, which instance, where it stands, since when. */
export interface FlowSummary {
  workflow: string;
  flowId: string;
  state: string;
  keys: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export interface FlowSearch {
  /** Matches the flow id or any of its business keys (store, member, OMS order, sale key, return id...). */
  key?: string;
  state?: string;
  /** Only flows not in a final state whose last move is older than this many minutes. */
  stuckForMin?: number;
  /** `workflow:state` pairs that are final, so never stuck. */
  finalStates: string[];
  limit: number;
}

export interface FlowEvent {
  step: string;
  at: string;
  outcome: string;
  detail: Record<string, unknown>;
}

// Pickup orders keep their own tables; every other workflow shares workflow_instances. One view over both.
const FLOWS = `
  SELECT 'pickup-order' AS workflow, order_id AS flow_id, state,
         jsonb_strip_nulls(jsonb_build_object('storeId', store_id, 'memberId', member_id, 'clientAppId', client_app_id,
           'omsOrderId', oms_order_id, 'reservationId', reservation_id, 'redemptionId', redemption_id, 'pickListId', pick_list_id)) AS keys,
         created_at, updated_at
    FROM pickup_orders
  UNION ALL
  SELECT workflow, instance_id, state, keys || COALESCE((SELECT jsonb_object_agg(k, v) FROM jsonb_each(facts) f(k, v) WHERE jsonb_typeof(v) = 'string'), '{}'),
         created_at, updated_at
    FROM workflow_instances`;

const json = (value: unknown) =>
  (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;

/** The only file with SQL for the flow search: read only, over every workflow's instances. */
@Injectable()
export class FlowsRepository {
  constructor(private readonly db: Database) {}

  async search(query: FlowSearch): Promise<FlowSummary[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM (${FLOWS}) f
        WHERE ($1::text IS NULL OR f.flow_id = $1 OR EXISTS (SELECT 1 FROM jsonb_each_text(f.keys) k WHERE k.value = $1))
          AND ($2::text IS NULL OR f.state = $2)
          AND ($3::integer IS NULL OR (f.updated_at <= now() - make_interval(mins => $3) AND NOT (f.workflow || ':' || f.state = ANY($4::text[]))))
        ORDER BY f.updated_at DESC
        LIMIT $5`,
      [query.key ?? null, query.state ?? null, query.stuckForMin ?? null, query.finalStates, query.limit],
    );
    return rows.map((r) => ({
      workflow: r.workflow as string,
      flowId: r.flow_id as string,
      state: r.state as string,
      keys: json(r.keys) as Record<string, string>,
      createdAt: new Date(r.created_at as string).toISOString(),
      updatedAt: new Date(r.updated_at as string).toISOString(),
    }));
  }

  async find(workflow: string, flowId: string): Promise<FlowSummary | undefined> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM (${FLOWS}) f WHERE f.workflow = $1 AND f.flow_id = $2`,
      [workflow, flowId],
    );
    return rows.map((r) => ({
      workflow: r.workflow as string,
      flowId: r.flow_id as string,
      state: r.state as string,
      keys: json(r.keys) as Record<string, string>,
      createdAt: new Date(r.created_at as string).toISOString(),
      updatedAt: new Date(r.updated_at as string).toISOString(),
    }))[0];
  }

  async timeline(workflow: string, flowId: string): Promise<FlowEvent[]> {
    const rows =
      workflow === 'pickup-order'
        ? await this.db.query<Record<string, unknown>>(
            `SELECT step, at, outcome, detail FROM pickup_order_events WHERE order_id = $1 ORDER BY seq`,
            [flowId],
          )
        : await this.db.query<Record<string, unknown>>(
            `SELECT step, at, outcome, detail FROM workflow_events WHERE workflow = $1 AND instance_id = $2 ORDER BY seq`,
            [workflow, flowId],
          );
    return rows.map((r) => ({
      step: r.step as string,
      at: new Date(r.at as string).toISOString(),
      outcome: r.outcome as string,
      detail: json(r.detail),
    }));
  }

  /** The ERP postings of a flow and the documents the ERP gave them. */
  async postings(workflow: string, flowId: string) {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT posting_id, kind, status, erp_document_id, attempts, last_error FROM erp_postings WHERE source_type = $1 AND source_id = $2 ORDER BY created_at`,
      [workflow, flowId],
    );
    return rows.map((r) => ({
      postingId: r.posting_id as string,
      kind: r.kind as string,
      status: r.status as string,
      erpDocumentId: (r.erp_document_id as string | null) ?? null,
      attempts: r.attempts as number,
      lastError: (r.last_error as string | null) ?? null,
    }));
  }
}
