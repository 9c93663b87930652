import type { Migration } from '@omnigate/persistence';
import { jsonValue, type InstanceTables, type WorkflowInstance } from './instance-store';

/** An instance kept in the shared tables: its id, state, business keys and facts. */
export interface SharedInstance<
  S extends string = string,
  F extends object = Record<string, unknown>,
> extends WorkflowInstance<S> {
  id: string;
  keys: Record<string, string>;
  facts: Partial<F>;
  createdAt: string;
}

/** The tables every workflow without its own shares; an app running such a workflow includes these migrations. */
export const sharedInstanceMigrations: Migration[] = [
  {
    id: '2026-11-30-workflow-instances',
    sql: `
      CREATE TABLE IF NOT EXISTS workflow_instances (
        workflow    text NOT NULL,
        instance_id text NOT NULL,
        state       text NOT NULL,
        keys        jsonb NOT NULL DEFAULT '{}',
        facts       jsonb NOT NULL DEFAULT '{}',
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        version     integer NOT NULL DEFAULT 1,
        PRIMARY KEY (workflow, instance_id)
      );
      CREATE INDEX IF NOT EXISTS workflow_instances_keys ON workflow_instances USING gin (keys);
      CREATE INDEX IF NOT EXISTS workflow_instances_state ON workflow_instances (workflow, state);
      CREATE TABLE IF NOT EXISTS workflow_events (
        workflow    text NOT NULL,
        instance_id text NOT NULL,
        seq         integer NOT NULL,
        step        text NOT NULL,
        at          timestamptz NOT NULL DEFAULT clock_timestamp(),
        outcome     text NOT NULL,
        detail      jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (workflow, instance_id, seq),
        FOREIGN KEY (workflow, instance_id) REFERENCES workflow_instances (workflow, instance_id) ON DELETE CASCADE
      );
    `,
  },
];

/** The shared tables, as seen by workflow `name`. */
export function sharedInstanceTables<S extends string, F extends object>(
  name: string,
): InstanceTables<SharedInstance<S, F>> {
  return {
    instances: 'workflow_instances',
    events: 'workflow_events',
    idColumn: 'instance_id',
    workflow: { column: 'workflow', name },
    facts: { jsonColumn: 'facts' },
    keys: { jsonColumn: 'keys' },
    columns: ['instance_id', 'state', 'keys', 'facts', 'created_at', 'version'],
    toRow: (i) => ({ instance_id: i.id, state: i.state, keys: i.keys, facts: i.facts }),
    fromRow: (row) => ({
      id: row.instance_id as string,
      state: row.state as S,
      keys: jsonValue(row.keys),
      facts: jsonValue(row.facts),
      createdAt: new Date(row.created_at as string).toISOString(),
      version: row.version as number,
    }),
  };
}
