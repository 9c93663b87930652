import { Socket } from 'node:net';
import {
  JobQueue,
  migrate,
  PgliteDatabase,
  startJobQueue,
  type Database,
  type SqlExecutor,
  together,
} from '@omnigate/persistence';
import { BACKENDS, dropSchemas, openTestDatabase, uniqueSchema } from './test-databases';

describe.each(BACKENDS)('Database on %s', (backend) => {
  const schema = uniqueSchema('db');
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase(backend, schema);
    await db.query('CREATE TABLE ledger (id text PRIMARY KEY, amount_minor int NOT NULL)');
  });
  afterAll(async () => {
    await db.close();
    await dropSchemas(backend, schema);
  });

  it('creates tables in its own schema', async () => {
    const [row] = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
    expect(row.schema).toBe(schema);
  });

  it('commits a transaction that resolves', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO ledger VALUES ($1, $2)', ['commit-1', 100]);
    });
    expect(await db.query('SELECT amount_minor FROM ledger WHERE id = $1', ['commit-1'])).toEqual([
      { amount_minor: 100 },
    ]);
  });

  it('rolls back a transaction that throws', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO ledger VALUES ($1, $2)', ['rollback-1', 100]);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await db.query('SELECT 1 FROM ledger WHERE id = $1', ['rollback-1'])).toEqual([]);
  });

  it('returns the rows of every statement of a parameterless script', async () => {
    const rows = await db.query<{ n: number }>('SELECT 1 AS n; SELECT 2 AS n');
    expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('lets concurrent transactions take turns without losing an update', async () => {
    await db.query(
      'CREATE TABLE counter (id int PRIMARY KEY, value int NOT NULL); INSERT INTO counter VALUES (1, 0)',
    );
    const increment = () =>
      db.transaction(async (tx) => {
        const [{ value }] = await tx.query<{ value: number }>(
          'SELECT value FROM counter WHERE id = 1 FOR UPDATE',
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.query('UPDATE counter SET value = $1 WHERE id = 1', [value + 1]);
      });
    await Promise.all(Array.from({ length: 5 }, increment));
    expect(await db.query('SELECT value FROM counter')).toEqual([{ value: 5 }]);
  });

  it('waits for every statement sent together before failing with the first failure, and keeps none of them', async () => {
    await expect(
      db.transaction((tx) =>
        together([
          tx.query('INSERT INTO ledger VALUES ($1, $2)', ['together-1', 1]),
          tx.query('INSERT INTO ledger VALUES ($1, $2)', ['together-1', 2]),
          tx.query('INSERT INTO ledger VALUES ($1, $2)', ['together-3', 3]),
        ]),
      ),
    ).rejects.toThrow(/duplicate key/);
    expect(await db.query('SELECT id FROM ledger WHERE id LIKE $1', ['together-%'])).toEqual([]);
    // Nothing of the failed transaction is left on the connection: the next one commits.
    await db.transaction((tx) =>
      together([
        tx.query('INSERT INTO ledger VALUES ($1, $2)', ['together-4', 4]),
        tx.query('INSERT INTO ledger VALUES ($1, $2)', ['together-5', 5]),
      ]),
    );
    expect(await db.query('SELECT id FROM ledger WHERE id LIKE $1 ORDER BY id', ['together-%'])).toEqual([
      { id: 'together-4' },
      { id: 'together-5' },
    ]);
  });

  if (backend === 'postgres') {
    /**
     * How many writes the transaction's connection makes while `work` runs (each goes through
     * _writeGeneric, one syscall): the socket that sends `marker`, a value only the work's statements
     * carry. Other sockets of the process (a pg-boss instance's own pool, busy with its start-up)
     * write meanwhile and are not counted.
     */
    const writesDuring = async (marker: string, work: () => Promise<unknown>): Promise<number> => {
      const sockets = Socket.prototype as unknown as { _writeGeneric: (...args: unknown[]) => unknown };
      const write = sockets._writeGeneric;
      const writesBy = new Map<Socket, number>();
      let transactionSocket: Socket | undefined;
      sockets._writeGeneric = function (this: Socket, writev: unknown, data: unknown, ...rest: unknown[]) {
        writesBy.set(this, (writesBy.get(this) ?? 0) + 1);
        if (!transactionSocket && bytesOf(writev, data).includes(marker)) transactionSocket = this;
        return write.call(this, writev, data, ...rest);
      };
      try {
        await work();
      } finally {
        sockets._writeGeneric = write;
      }
      if (!transactionSocket) throw new Error(`no socket sent ${marker} while the work ran`);
      return writesBy.get(transactionSocket)!;
    };

    /** The bytes of one _writeGeneric call: a chunk, or (writev) an array of chunks or of { chunk }. */
    const bytesOf = (writev: unknown, data: unknown): Buffer => {
      const chunks = (writev ? (data as unknown[]) : [data]).map((c) =>
        c !== null && typeof c === 'object' && 'chunk' in c ? (c as { chunk: unknown }).chunk : c,
      );
      return Buffer.concat(chunks.map((c) => (Buffer.isBuffer(c) ? c : Buffer.from(String(c)))));
    };

    // Prepared statements live on the connection: both reads stay inside one transaction's connection.
    const preparedOnThisConnection = (tx: SqlExecutor) =>
      tx.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');

    it('prepares a statement asked to be prepared once on its connection, and no other', async () => {
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO ledger VALUES ($1, $2)', ['prepared-1', 1], { prepared: true });
        await tx.query('INSERT INTO ledger VALUES ($1, $2)', ['prepared-2', 2], { prepared: true });
        await tx.query('SELECT amount_minor FROM ledger WHERE id = $1', ['prepared-1']);
        const statements = (await preparedOnThisConnection(tx)).map((s) => s.statement);
        expect(statements).toEqual(['INSERT INTO ledger VALUES ($1, $2)']);
      });
      expect(await db.query('SELECT id FROM ledger WHERE id LIKE $1 ORDER BY id', ['prepared-%'])).toEqual([
        { id: 'prepared-1' },
        { id: 'prepared-2' },
      ]);
    });

    it("sends a transaction's BEGIN and first statement in one write, and commits what they did", async () => {
      const writes = await writesDuring('one-write', () =>
        db.transaction((tx) => tx.query('INSERT INTO ledger VALUES ($1, $2)', ['one-write', 7])),
      );
      // BEGIN with the insert, then COMMIT: two writes (BEGIN on its own made three).
      expect(writes).toBe(2);
      expect(await db.query('SELECT amount_minor FROM ledger WHERE id = $1', ['one-write'])).toEqual([
        { amount_minor: 7 },
      ]);
    });

    it('sends the statements given together in one write, a job sent after an await among them', async () => {
      const bossSchema = uniqueSchema('together_boss');
      const boss = await startJobQueue(db, { schema: bossSchema });
      const jobs = new JobQueue(boss);
      try {
        await jobs.createQueue('sent-together', { deadLetter: false });
        const writes = await writesDuring('sent-together-1', () =>
          db.transaction((tx) =>
            together([
              tx.query('INSERT INTO ledger VALUES ($1, $2)', ['sent-together-1', 1]),
              // pg-boss looks its queue up (an await) before it sends its insert.
              jobs.send(tx, 'sent-together', { saleId: 'sale-1' }),
              tx.query('INSERT INTO ledger VALUES ($1, $2)', ['sent-together-2', 2]),
            ]),
          ),
        );
        // BEGIN with the three statements, then COMMIT (one write each made four).
        expect(writes).toBe(2);
        expect(
          await db.query('SELECT id FROM ledger WHERE id LIKE $1 ORDER BY id', ['sent-together-%']),
        ).toEqual([{ id: 'sent-together-1' }, { id: 'sent-together-2' }]);
        const [queued] = await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${bossSchema}.job WHERE name = 'sent-together'`,
        );
        expect(Number(queued.n)).toBe(1);
      } finally {
        await jobs.stop();
        await dropSchemas(backend, bossSchema);
      }
    });

    it('prepares the job insert that every workflow move sends', async () => {
      const bossSchema = uniqueSchema('prep_boss');
      const boss = await startJobQueue(db, { schema: bossSchema });
      const jobs = new JobQueue(boss);
      try {
        await jobs.createQueue('prepared-sends', { deadLetter: false });
        await db.transaction(async (tx) => {
          await jobs.send(tx, 'prepared-sends', { saleId: 'sale-1' });
          // The pool may hand this transaction a connection that prepared the ledger insert above.
          const statements = (await preparedOnThisConnection(tx))
            .map((s) => s.statement)
            .filter((statement) => statement.includes(bossSchema));
          expect(statements).toEqual([expect.stringContaining(`INSERT INTO ${bossSchema}.job_common`)]);
        });
      } finally {
        await jobs.stop();
        await dropSchemas(backend, bossSchema);
      }
    });
  }

  if (backend === 'pglite') {
    it('refuses a query on the database from inside its own transaction instead of waiting for itself', async () => {
      await expect(db.transaction(async () => db.query('SELECT 1'))).rejects.toThrow(/one connection/);
      expect(db).toBeInstanceOf(PgliteDatabase);
    });
  }
});

describe.each(BACKENDS)('migrate on %s', (backend) => {
  const schema = uniqueSchema('mig');
  const migrations = [
    {
      id: '001-stores',
      sql: 'CREATE TABLE stores (store_id text PRIMARY KEY); CREATE INDEX stores_idx ON stores (store_id)',
    },
    {
      id: '002-registers',
      sql: 'CREATE TABLE registers (store_id text REFERENCES stores, register_id text)',
    },
  ];
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase(backend, schema);
  });
  afterAll(async () => {
    await db.close();
    await dropSchemas(backend, schema);
  });

  it('applies each migration once, in order, even when two replicas start together', async () => {
    const other = backend === 'postgres' ? await openTestDatabase(backend, schema) : db;
    try {
      const [first, second] = await Promise.all([migrate(db, migrations), migrate(other, migrations)]);
      expect([...first, ...second].sort()).toEqual(['001-stores', '002-registers']);
    } finally {
      if (other !== db) await other.close();
    }
    expect(await migrate(db, migrations)).toEqual([]);
    const recorded = await db.query<{ id: string }>(
      'SELECT id FROM schema_migrations ORDER BY applied_at, id',
    );
    expect(recorded.map((r) => r.id)).toEqual(['001-stores', '002-registers']);
  });

  it('applies a migration added later and leaves the earlier ones alone', async () => {
    const more = [...migrations, { id: '003-tills', sql: 'ALTER TABLE registers ADD COLUMN till text' }];
    await migrate(db, migrations);
    expect(await migrate(db, more)).toEqual(['003-tills']);
  });

  it('records nothing when a migration fails', async () => {
    const broken = [
      ...migrations,
      { id: '004-broken', sql: 'CREATE TABLE oops (a int); SELECT * FROM missing_table' },
    ];
    await expect(migrate(db, broken)).rejects.toThrow(/missing_table/);
    expect(await db.query(`SELECT 1 FROM schema_migrations WHERE id = '004-broken'`)).toEqual([]);
    expect(await db.query(`SELECT to_regclass('oops') AS t`)).toEqual([{ t: null }]);
  });
});
