import { Database, PREPARED, type SqlExecutor } from '@omnigate/persistence';

/** What the engine needs of every instance, whatever else its workflow keeps. */
export interface WorkflowInstance<S extends string = string> {
  state: S;
  version: number;
}

/** One step of an instance's timeline: what happened, when, how it went, and the backend ids involved. */
export interface TimelineEvent {
  step: string;
  at: string;
  outcome: 'done' | 'failed' | 'compensated';
  detail: Record<string, unknown>;
}

/** A timeline step as a move or a step writes it; the database stamps its time. */
export type TimelineStep = Omit<TimelineEvent, 'at'>;

/**
 * Where a workflow's instances and timeline live. New workflows use the shared tables
 * ({@link sharedInstanceTables}); a workflow whose tables predate the engine describes its own,
 * so its rows (and every query and test reading them) stay where they are.
 */
export interface InstanceTables<I> {
  instances: string;
  events: string;
  /** The instance id's column, in both tables. */
  idColumn: string;
  /** When several workflows share the tables: the column naming the workflow, and its value here. */
  workflow?: { column: string; name: string };
  /** Facts (backend ids, figures a step learns) kept in typed columns, or together in one jsonb column. */
  facts: { columns: Readonly<Record<string, string>> } | { jsonColumn: string };
  /** Business keys to find instances by (member, store, sale key): typed columns, or one jsonb column. */
  keys: { columns: Readonly<Record<string, string>> } | { jsonColumn: string };
  /**
   * The instance table's columns {@link fromRow} reads. Reads name them rather than `*`, so that
   * their statements can be prepared on PostgreSQL (see `QueryOptions.prepared`).
   */
  columns: readonly string[];
  toRow(instance: I): Record<string, unknown>;
  fromRow(row: Record<string, unknown>): I;
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

/**
 * The only SQL on a workflow's instance and event tables: lock, move, facts, timeline, find by
 * business key. Each statement is prepared: a move's statements are most of a workflow's database work.
 */
export class InstanceStore<I extends WorkflowInstance> {
  /** The select list of every read. */
  private readonly selected: string;

  constructor(
    private readonly db: Database,
    readonly tables: InstanceTables<I>,
  ) {
    this.selected = tables.columns.join(', ');
  }

  /** `WHERE` on the instance id (and the workflow, for shared tables), its parameters starting at `$1`. */
  private where(id: string, table: string = this.tables.instances): [string, unknown[]] {
    const { idColumn, workflow } = this.tables;
    return workflow
      ? [`${table}.${idColumn} = $1 AND ${table}.${workflow.column} = $2`, [id, workflow.name]]
      : [`${table}.${idColumn} = $1`, [id]];
  }

  /** Inserts a new instance and, with `step`, the first step of its timeline in the same statement. */
  async insert(tx: SqlExecutor, instance: I, step?: TimelineStep): Promise<void> {
    const row = this.tables.toRow(instance);
    const { idColumn, workflow } = this.tables;
    if (workflow) row[workflow.column] = workflow.name;
    // The id first and the workflow second: they are the `$1` and `$2` that the timeline's entry names.
    const leading = [idColumn, ...(workflow ? [workflow.column] : [])];
    const columns = [...leading, ...Object.keys(row).filter((c) => !leading.includes(c))];
    const params = columns.map((c) =>
      row[c] !== null && typeof row[c] === 'object' && !(row[c] instanceof Date)
        ? JSON.stringify(row[c])
        : row[c],
    );
    const inserted = `INSERT INTO ${this.tables.instances} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
    await tx.query(
      step ? `WITH inserted AS (${inserted}) ${this.eventInsert(step, params)}` : inserted,
      params,
      PREPARED,
    );
  }

  /** Forgets an instance and its timeline (a creation that was refused). */
  async delete(tx: SqlExecutor, id: string): Promise<void> {
    const [where, params] = this.where(id);
    await tx.query(`DELETE FROM ${this.tables.instances} WHERE ${where}`, params);
  }

  async find(id: string, tx: SqlExecutor = this.db): Promise<I | undefined> {
    const [where, params] = this.where(id);
    const [row] = await tx.query(
      `SELECT ${this.selected} FROM ${this.tables.instances} WHERE ${where}`,
      params,
      PREPARED,
    );
    return row && this.tables.fromRow(row);
  }

  /** The instance, locked until the transaction ends, so two moves on one instance take turns. */
  async lock(tx: SqlExecutor, id: string): Promise<I | undefined> {
    const [where, params] = this.where(id);
    const [row] = await tx.query(
      `SELECT ${this.selected} FROM ${this.tables.instances} WHERE ${where} FOR UPDATE`,
      params,
      PREPARED,
    );
    return row && this.tables.fromRow(row);
  }

  /** Instances whose business key `key` is `value`, optionally only those in `states`, oldest first. */
  async findBy(key: string, value: string, states?: readonly string[]): Promise<I[]> {
    const { keys, workflow } = this.tables;
    const params: unknown[] = [value];
    const where = [
      'jsonColumn' in keys
        ? `${keys.jsonColumn} ->> $${params.push(key)} = $1`
        : `${this.keyColumn(key)} = $1`,
    ];
    if (workflow) where.push(`${workflow.column} = $${params.push(workflow.name)}`);
    if (states) where.push(`state = ANY($${params.push(states)})`);
    const rows = await this.db.query(
      `SELECT ${this.selected} FROM ${this.tables.instances} WHERE ${where.join(' AND ')} ORDER BY created_at`,
      params,
      PREPARED,
    );
    return rows.map((row) => this.tables.fromRow(row));
  }

  /**
   * Writes facts a step learned and, for a move, the new state; the version counts every change.
   * With `step`, the same statement adds it to the timeline: a move or a learned fact and its
   * timeline entry cost one round trip. Returns the instance as written.
   */
  async update(
    tx: SqlExecutor,
    id: string,
    facts: Record<string, unknown>,
    state?: string,
    step?: TimelineStep,
  ): Promise<I> {
    const [where, params] = this.where(id);
    const sets: string[] = [];
    const known = Object.entries(facts).filter(([, v]) => v !== undefined);
    const { facts: layout } = this.tables;
    if ('jsonColumn' in layout) {
      if (known.length > 0)
        sets.push(
          `${layout.jsonColumn} = ${layout.jsonColumn} || $${params.push(JSON.stringify(Object.fromEntries(known)))}::jsonb`,
        );
    } else {
      for (const [fact, value] of known) {
        const column = layout.columns[fact];
        if (!column) throw new Error(`${this.tables.instances} keeps no fact ${fact}`);
        sets.push(`${column} = $${params.push(value)}`);
      }
    }
    if (state !== undefined) sets.push(`state = $${params.push(state)}`);
    const updated = `UPDATE ${this.tables.instances} SET ${[...sets, 'updated_at = now()', 'version = version + 1'].join(', ')} WHERE ${where} RETURNING ${this.selected}`;
    const [row] = await tx.query(
      step
        ? `WITH updated AS (${updated}), recorded AS (${this.eventInsert(step, params)}) SELECT ${this.selected} FROM updated`
        : updated,
      params,
      PREPARED,
    );
    if (!row) throw new Error(`${this.tables.instances} holds no ${id}`);
    return this.tables.fromRow(row);
  }

  async addEvent(
    tx: SqlExecutor,
    id: string,
    step: string,
    outcome: TimelineEvent['outcome'],
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    const [, params] = this.where(id);
    await tx.query(this.eventInsert({ step, outcome, detail }, params), params, PREPARED);
  }

  /**
   * The INSERT of a timeline entry of the instance that `$1` (and `$2`, the workflow, for shared
   * tables) name, numbered after its last; the entry's own values are pushed onto `params`.
   */
  private eventInsert({ step, outcome, detail }: TimelineStep, params: unknown[]): string {
    const { events, idColumn, workflow } = this.tables;
    const [where] = this.where('', events);
    const columns = [idColumn, ...(workflow ? [workflow.column] : [])];
    const seq = `(SELECT coalesce(max(seq), 0) + 1 FROM ${events} WHERE ${where})`;
    return `INSERT INTO ${events} (${columns.join(', ')}, seq, step, outcome, detail)
       VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}, ${seq}, $${params.push(step)}, $${params.push(outcome)}, $${params.push(JSON.stringify(detail))})`;
  }

  async timeline(id: string): Promise<TimelineEvent[]> {
    const [where, params] = this.where(id, this.tables.events);
    const rows = await this.db.query<{
      step: string;
      at: Date | string;
      outcome: TimelineEvent['outcome'];
      detail: unknown;
    }>(
      `SELECT step, at, outcome, detail FROM ${this.tables.events} WHERE ${where} ORDER BY seq`,
      params,
      PREPARED,
    );
    return rows.map((r) => ({
      step: r.step,
      at: new Date(r.at).toISOString(),
      outcome: r.outcome,
      detail: json(r.detail),
    }));
  }

  private keyColumn(key: string): string {
    const { keys } = this.tables;
    const column = 'columns' in keys ? keys.columns[key] : undefined;
    if (!column) throw new Error(`${this.tables.instances} has no business key ${key}`);
    return column;
  }
}

/** Reads a jsonb value that the driver may hand over as text (PGlite) or parsed (pg). */
export const jsonValue = json;
