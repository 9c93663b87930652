import type { PgBoss } from 'pg-boss';
import { ErpPostingGovernor, PostingLedger, postingLedgerMigrations } from '@omnigate/erp-postings';
import {
  Database,
  JobQueue,
  migrate,
  openDatabase,
  startJobQueue,
  type SqlExecutor,
} from '@omnigate/persistence';
import { Clock } from './clock';
import { IllegalTransition, MoveNotAllowed } from './illegal-transition';
import { jobContext, operatorContext, type RequestContext } from './request-context';
import { NothingToRelease } from './stuck-flow-release.errors';
import {
  sharedInstanceMigrations,
  sharedInstanceTables,
  type SharedInstance,
} from './shared-instance-tables';
import { defineWorkflow, InvalidWorkflowDefinition } from './workflow-definition';
import type { Workflow } from './workflow';
import { WorkflowEngine } from './workflow-engine';

/**
 * A gift card: issued at a store, activated there, then spent; posting its sale to the ERP on
 * activation. An operator may void an active card (its operator release), reversing the sale.
 */
type CardState = 'ISSUED' | 'ACTIVE' | 'SPENT' | 'VOIDED';
type Card = SharedInstance<CardState, { balanceMinor: number }>;

const GIFT_CARD = defineWorkflow({
  name: 'gift-card',
  states: ['ISSUED', 'ACTIVE', 'SPENT', 'VOIDED'] as const,
  initial: { state: 'ISSUED', step: 'issued' },
  moves: {
    activate: {
      from: ['ISSUED'],
      to: 'ACTIVE',
      step: 'activated',
      guard: { store: 'bound' },
      effects: { jobs: ['notify'], postings: ['SALE'] },
    },
    spend: { from: ['ACTIVE'], to: 'SPENT', step: 'spent', guard: { callers: ['job'] } },
    voidByOperator: {
      from: ['ACTIVE'],
      to: 'VOIDED',
      step: 'voided-by-operator',
      guard: { callers: ['operator'] },
      effects: { jobs: ['notify'], reversals: ['SALE'] },
    },
  },
  stateSets: { usable: ['ACTIVE'] },
  operatorRelease: 'voidByOperator',
  jobs: { notify: { queue: 'gift-card.notify' } },
  timeouts: {},
  jobIdField: 'cardId',
  bindings: { store: 'keys.storeId' },
  posting: (card: Card, kind, at) => {
    if (card.keys.storeId === 'ST-BROKEN') throw new Error('the ERP document cannot be built');
    return {
      postingId: `${kind}_${card.id}`,
      kind,
      sourceType: 'gift-card',
      sourceId: card.id,
      storeId: card.keys.storeId,
      currency: 'EUR',
      occurredAt: at.toISOString(),
      lines: [],
    };
  },
});

/** A printed receipt: holds nothing for anybody, so there is nothing an operator could release. */
const RECEIPT = defineWorkflow({
  name: 'receipt',
  states: ['PRINTED'] as const,
  initial: { state: 'PRINTED', step: 'printed' },
  moves: {},
  stateSets: {},
  jobs: {},
  timeouts: {},
  jobIdField: 'receiptId',
});

const fixedClock: Clock = { now: () => new Date('2026-11-30T10:00:00Z') };
const atStore = (storeId: string): RequestContext => ({
  correlationId: 'corr-1',
  caller: { kind: 'internal', clientAppId: 'pos', storeId },
});

describe('workflow engine', () => {
  let db: Database;
  let boss: PgBoss;
  let jobs: JobQueue;
  let cards: Workflow<Card, CardState, 'activate' | 'spend' | 'voidByOperator', 'notify'>;
  let engine: WorkflowEngine;

  beforeAll(async () => {
    db = await openDatabase({});
    await migrate(db, [...postingLedgerMigrations, ...sharedInstanceMigrations]);
    boss = await startJobQueue(db, { schema: 'jobs' });
    jobs = new JobQueue(boss);
    await jobs.createQueue('gift-card.notify');
    await jobs.createQueue('erp-postings');
    const ledger = new PostingLedger(db, jobs);
    const governor = new ErpPostingGovernor(
      db,
      jobs,
      ledger,
      { post: () => Promise.reject(new Error('not in this spec')) },
      {
        maxConcurrency: 1,
        maxRatePerS: 1,
        retryBudgetH: 1,
        maxRetryDelayS: 1,
        attemptTimeoutS: 5,
      },
    );
    engine = new WorkflowEngine(db, jobs, ledger, governor, fixedClock, {
      retryLimit: 0,
      maxRetryDelayS: 1,
      attemptTimeoutS: 5,
    });
    cards = engine.register(
      GIFT_CARD,
      sharedInstanceTables<CardState, { balanceMinor: number }>('gift-card'),
      {
        timeoutsS: {},
        notFound: () => new Error('no such card') as never,
        idOf: (card: Card) => card.id,
      },
    );
    engine.register(RECEIPT, sharedInstanceTables<'PRINTED', Record<string, never>>('receipt'), {
      timeoutsS: {},
      notFound: () => new Error('no such receipt') as never,
      idOf: (receipt: SharedInstance<'PRINTED', Record<string, never>>) => receipt.id,
    });
  });
  afterAll(async () => {
    await jobs.stop();
    await db.close();
  });

  async function issue(id: string, storeId: string) {
    const card: Card = {
      id,
      state: 'ISSUED',
      keys: { storeId },
      facts: { balanceMinor: 5_000 },
      createdAt: '',
      version: 1,
    };
    await db.transaction((tx) => cards.create(tx, atStore(storeId), card));
  }
  const stateOf = async (id: string) => (await cards.get(id)).state;
  const notifyJobs = async (id: string) =>
    (await boss.findJobs('gift-card.notify')).filter((j) => (j.data as { cardId: string }).cardId === id);

  describe('definitions', () => {
    const valid = {
      name: 'tiny',
      states: ['A', 'B'] as const,
      initial: { state: 'A' as const, step: 'a' },
      moves: { go: { from: ['A' as const], to: 'B' as const, step: 'b' } },
      stateSets: {},
      jobs: { ping: { queue: 'tiny.ping' } },
      timeouts: {},
      jobIdField: 'id',
    };

    it('accepts a definition that holds together', () => expect(defineWorkflow(valid)).toBe(valid));

    it.each([
      [
        'a move to an unknown state',
        { moves: { go: { from: ['A'], to: 'Z', step: 'b' } } },
        'move go names unknown state Z',
      ],
      [
        'an effect starting an unknown job',
        { moves: { go: { from: ['A'], to: 'B', step: 'b', effects: { jobs: ['pong'] } } } },
        'move go starts unknown job pong',
      ],
      [
        'a timeout running an unknown job',
        { timeouts: { late: { job: 'pong' } } },
        'timeout late runs unknown job pong',
      ],
      [
        'a posting effect without a posting builder',
        { moves: { go: { from: ['A'], to: 'B', step: 'b', effects: { postings: ['SALE'] } } } },
        'builds no posting',
      ],
      [
        'a queue outside its workflow',
        { jobs: { ping: { queue: 'other.ping' } } },
        'queue other.ping is not named tiny.<job>',
      ],
      [
        'an operator release naming no move',
        { operatorRelease: 'undo' },
        'the operator release names unknown move undo',
      ],
      [
        'an operator release other callers may make too',
        {
          operatorRelease: 'go',
          moves: { go: { from: ['A'], to: 'B', step: 'b', guard: { callers: ['operator', 'job'] } } },
        },
        'the operator release go must admit operators alone',
      ],
      [
        'a state set with an unknown state',
        { stateSets: { open: ['Q'] } },
        'state set open names unknown state Q',
      ],
    ])('refuses %s', (_case, change, problem) => {
      expect(() => defineWorkflow({ ...valid, ...change } as never)).toThrow(InvalidWorkflowDefinition);
      expect(() => defineWorkflow({ ...valid, ...change } as never)).toThrow(problem);
    });
  });

  it('moves an instance, writing its timeline step, its job and its ERP posting in the transaction of the move', async () => {
    await issue('gc-1', 'ST-1');
    const moved = await db.transaction(async (tx) =>
      cards.move(tx, atStore('ST-1'), await cards.lock(tx, 'gc-1'), 'activate', { facts: { pin: 'set' } }),
    );

    expect(moved).toMatchObject({ state: 'ACTIVE', version: 2, facts: { balanceMinor: 5_000, pin: 'set' } });
    expect((await cards.timeline('gc-1')).map((e) => [e.step, e.outcome])).toEqual([
      ['issued', 'done'],
      ['activated', 'done'],
    ]);
    expect((await notifyJobs('gc-1')).map((j) => j.data)).toEqual([
      { cardId: 'gc-1', correlationId: 'corr-1' },
    ]);
    expect(await new PostingLedger(db, jobs).find('SALE_gc-1')).toMatchObject({
      sourceType: 'gift-card',
      storeId: 'ST-1',
      occurredAt: '2026-11-30T10:00:00.000Z',
    });
    expect(cards.isIn(moved, 'usable')).toBe(true);
  });

  it('writes an instance and its timeline step in one statement: on creation, on a move, and with a learned fact', async () => {
    const statements: string[] = [];
    const counted = (tx: SqlExecutor): SqlExecutor => ({
      query: (sql, params, options) => {
        statements.push(sql);
        return tx.query(sql, params, options);
      },
    });
    const card: Card = {
      id: 'gc-one-trip',
      state: 'ISSUED',
      keys: { storeId: 'ST-7' },
      facts: { balanceMinor: 2_500 },
      createdAt: '',
      version: 1,
    };
    await db.transaction((tx) => cards.create(counted(tx), atStore('ST-7'), card));
    expect(statements).toHaveLength(1);

    await db.transaction(async (tx) => {
      const locked = await cards.lock(tx, card.id);
      statements.length = 0;
      await cards.move(counted(tx), atStore('ST-7'), locked, 'activate', {
        facts: { pin: 'set' },
        detail: { by: 'till 3' },
      });
      // The move writes its job and its ERP posting too; the instance and its step are one statement.
      const { instances, events } = sharedInstanceTables('gift-card');
      const touching = (table: string) => statements.filter((sql) => sql.includes(`${table} `));
      expect(touching(events)).toHaveLength(1);
      expect(touching(events)).toEqual(touching(instances));
      const written = statements.length;
      await cards.learn(
        counted(tx),
        card.id,
        { balanceMinor: 1_000 },
        { step: 'balance-checked', outcome: 'done', detail: { balanceMinor: 1_000 } },
      );
      expect(statements.length - written).toBe(1);
    });

    expect(await cards.get(card.id)).toMatchObject({
      state: 'ACTIVE',
      version: 3,
      facts: { balanceMinor: 1_000, pin: 'set' },
    });
    expect((await cards.timeline(card.id)).map((e) => [e.step, e.outcome, e.detail])).toEqual([
      ['issued', 'done', {}],
      ['activated', 'done', { by: 'till 3' }],
      ['balance-checked', 'done', { balanceMinor: 1_000 }],
    ]);
  });

  it('refuses a move the state does not allow with a 409 naming the current state, and changes nothing', async () => {
    await issue('gc-2', 'ST-1');
    const refusal = await db
      .transaction(async (tx) =>
        cards.move(tx, jobContext('corr-2', 'gift-card'), await cards.lock(tx, 'gc-2'), 'spend'),
      )
      .catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(IllegalTransition);
    expect(refusal).toMatchObject({
      kind: 'conflict',
      type: 'illegal-gift-card-transition',
      extensions: { currentState: 'ISSUED', requestedState: 'SPENT' },
    });
    expect(await stateOf('gc-2')).toBe('ISSUED');
    expect((await cards.timeline('gc-2')).map((e) => e.step)).toEqual(['issued']);
  });

  it.each([
    ['a store acting on another store', atStore('ST-2'), 'activate', 'gift-card-of-another-store'],
    ['a request making a move only jobs make', atStore('ST-1'), 'spend', 'gift-card-move-not-allowed'],
  ] as const)('refuses %s as forbidden, before looking at the state', async (_case, ctx, move, type) => {
    const id = `gc-guard-${type}`;
    await issue(id, 'ST-1');
    const refusal = await db
      .transaction(async (tx) => cards.move(tx, ctx, await cards.lock(tx, id), move))
      .catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(MoveNotAllowed);
    expect(refusal).toMatchObject({ kind: 'forbidden', type });
    expect(await stateOf(id)).toBe('ISSUED');
    expect(await notifyJobs(id)).toEqual([]);
  });

  it('rolls the move back, its step and its job with it, when one of its effects fails', async () => {
    await issue('gc-3', 'ST-BROKEN');
    await expect(
      db.transaction(async (tx) =>
        cards.move(tx, atStore('ST-BROKEN'), await cards.lock(tx, 'gc-3'), 'activate'),
      ),
    ).rejects.toThrow('the ERP document cannot be built');

    expect(await stateOf('gc-3')).toBe('ISSUED');
    expect((await cards.timeline('gc-3')).map((e) => e.step)).toEqual(['issued']);
    expect(await notifyJobs('gc-3')).toEqual([]);
  });

  it('finds instances by business key and state set, and lists its queues for operators', async () => {
    await issue('gc-4', 'ST-9');
    await issue('gc-5', 'ST-9');
    await db.transaction(async (tx) =>
      cards.move(tx, atStore('ST-9'), await cards.lock(tx, 'gc-5'), 'activate'),
    );

    expect((await cards.store.findBy('storeId', 'ST-9')).map((c) => c.id).sort()).toEqual(['gc-4', 'gc-5']);
    expect((await cards.store.findBy('storeId', 'ST-9', cards.states('usable'))).map((c) => c.id)).toEqual([
      'gc-5',
    ]);
    expect(engine.queues()).toEqual(['gift-card.notify']);
  });

  describe("an operator's release of a stuck flow", () => {
    const release = (workflow: string, flowId: string) =>
      db
        .transaction((tx) =>
          engine.releaseStuckFlow(tx, operatorContext('corr-ops'), {
            workflow,
            flowId,
            actor: 'dana.ops',
            reason: 'card reported stolen',
          }),
        )
        .catch((error: unknown) => error);
    const activated = async (id: string) => {
      await issue(id, 'ST-1');
      await db.transaction(async (tx) =>
        cards.move(tx, atStore('ST-1'), await cards.lock(tx, id), 'activate'),
      );
    };

    it('makes the release move with its effects, and notes who released it and why in the timeline', async () => {
      await activated('gc-rel-1');

      expect(await release('gift-card', 'gc-rel-1')).toEqual({ state: 'VOIDED' });
      const timeline = await cards.timeline('gc-rel-1');
      expect(timeline.at(-1)).toMatchObject({
        step: 'voided-by-operator',
        outcome: 'done',
        detail: { actor: 'dana.ops', reason: 'card reported stolen' },
      });
      expect(await notifyJobs('gc-rel-1')).toHaveLength(2);
      expect((await new PostingLedger(db, jobs).find('SALE_gc-rel-1'))?.status).toBe('void');
    });

    it('lists the states a flow can be released from, and none for a workflow that holds nothing', () => {
      expect(engine.catalogue().map((w) => [w.workflow, w.releasableFrom])).toEqual([
        ['gift-card', ['ACTIVE']],
        ['receipt', []],
      ]);
    });

    it('refuses a flow past releasing with a 409 naming its state, and changes nothing', async () => {
      await issue('gc-rel-2', 'ST-1');

      expect(await release('gift-card', 'gc-rel-2')).toMatchObject({
        type: 'illegal-gift-card-transition',
        extensions: { currentState: 'ISSUED', requestedState: 'VOIDED' },
      });
      expect(await stateOf('gc-rel-2')).toBe('ISSUED');
    });

    it('refuses a workflow that holds nothing, and one the app does not run', async () => {
      expect(await release('receipt', 'r-1')).toBeInstanceOf(NothingToRelease);
      expect(await release('gift-cards', 'gc-rel-1')).toMatchObject({
        type: 'unknown-workflow',
        extensions: { workflows: ['gift-card', 'receipt'] },
      });
    });

    it('lets nobody but an operator make the release move', async () => {
      await activated('gc-rel-3');
      const refusal = await db
        .transaction(async (tx) =>
          cards.move(tx, atStore('ST-1'), await cards.lock(tx, 'gc-rel-3'), 'voidByOperator'),
        )
        .catch((error: unknown) => error);

      expect(refusal).toMatchObject({ kind: 'forbidden', type: 'gift-card-move-not-allowed' });
      expect(await stateOf('gc-rel-3')).toBe('ACTIVE');
    });
  });
});
