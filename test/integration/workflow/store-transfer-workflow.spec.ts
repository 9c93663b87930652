import { Inject, Injectable, Module, type INestApplicationContext, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ErpPostingsModule, postingLedgerMigrations } from '@omnigate/erp-postings';
import { Database, JobQueue, PersistenceModule, type SqlExecutor } from '@omnigate/persistence';
import { DomainError } from '@omnigate/problems';
import {
  defineWorkflow,
  IllegalTransition,
  sharedInstanceMigrations,
  sharedInstanceTables,
  WorkflowEngine,
  WorkflowModule,
  type RequestContext,
  type SharedInstance,
  type Workflow,
} from '@omnigate/workflow';
import {
  BACKENDS,
  POSTGRES_URL,
  dropSchemas,
  eventually,
  uniqueSchema,
  type Backend,
} from '../persistence/test-databases';

/*
 * A second workflow, written as a newcomer would add one: a definition, the shared tables, one use
 * case per step and a job binding. It copies nothing of pickup orders; the engine does the rest.
 */
type TransferState = 'REQUESTED' | 'IN_TRANSIT' | 'RECEIVED';
type Transfer = SharedInstance<TransferState, { carrierRef: string }>;

const STORE_TRANSFER = defineWorkflow({
  name: 'store-transfer',
  states: ['REQUESTED', 'IN_TRANSIT', 'RECEIVED'] as const,
  initial: { state: 'REQUESTED', step: 'requested' },
  moves: {
    dispatch: {
      from: ['REQUESTED'],
      to: 'IN_TRANSIT',
      step: 'dispatched',
      guard: { store: 'bound' },
      effects: { jobs: ['receive'] },
    },
    receive: { from: ['IN_TRANSIT'], to: 'RECEIVED', step: 'received', guard: { callers: ['job'] } },
  },
  stateSets: { open: ['REQUESTED', 'IN_TRANSIT'] },
  jobs: { receive: { queue: 'store-transfer.receive' } },
  timeouts: {},
  jobIdField: 'transferId',
  bindings: { store: 'keys.fromStoreId' },
});

const TRANSFERS = Symbol('TRANSFERS');
type Transfers = Workflow<Transfer, TransferState, 'dispatch' | 'receive', 'receive'>;

class TransferNotFound extends DomainError {
  readonly type = 'store-transfer-not-found';
  override readonly kind = 'not-found';
}

@Injectable()
class DispatchTransfer {
  constructor(
    private readonly db: Database,
    @Inject(TRANSFERS) private readonly transfers: Transfers,
  ) {}

  execute(
    ctx: RequestContext,
    { transferId, carrierRef }: { transferId: string; carrierRef: string },
  ): Promise<Transfer> {
    return this.db.transaction(async (tx) =>
      this.transfers.move(tx, ctx, await this.transfers.lock(tx, transferId), 'dispatch', {
        facts: { carrierRef },
        detail: { carrierRef },
      }),
    );
  }
}

@Injectable()
class ReceiveTransfer {
  constructor(
    private readonly db: Database,
    @Inject(TRANSFERS) private readonly transfers: Transfers,
  ) {}

  async execute(ctx: RequestContext, { transferId }: { transferId: string }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const transfer = await this.transfers.lock(tx, transferId);
      // A carrier that lost the parcel: the job fails, and is dead-lettered once its retries are spent.
      if (transfer.facts.carrierRef === 'LOST') throw new Error('the carrier lost the parcel');
      await this.transfers.move(tx, ctx, transfer, 'receive', {
        detail: { correlationId: ctx.correlationId },
      });
    });
  }
}

@Injectable()
class TransferJobs implements OnModuleInit {
  constructor(
    @Inject(TRANSFERS) private readonly transfers: Transfers,
    private readonly receive: ReceiveTransfer,
  ) {}

  onModuleInit(): void {
    this.transfers.handle({ receive: (ctx, transferId) => this.receive.execute(ctx, { transferId }) });
  }
}

@Module({
  providers: [
    {
      provide: TRANSFERS,
      useFactory: (engine: WorkflowEngine) =>
        engine.register(
          STORE_TRANSFER,
          sharedInstanceTables<TransferState, { carrierRef: string }>('store-transfer'),
          {
            timeoutsS: {},
            notFound: () => new TransferNotFound('No store transfer has this id'),
            idOf: (transfer) => transfer.id,
          },
        ),
      inject: [WorkflowEngine],
    },
    DispatchTransfer,
    ReceiveTransfer,
    TransferJobs,
  ],
  exports: [TRANSFERS, DispatchTransfer],
})
class StoreTransfersModule {}

const storeCtx = (storeId: string, correlationId: string): RequestContext => ({
  correlationId,
  caller: { kind: 'internal', clientAppId: 'store-ops', storeId },
});

describe.each(BACKENDS)('a second workflow on the engine, on %s', (backend: Backend) => {
  const schema = uniqueSchema('transfers');
  const bossSchema = uniqueSchema('transfers_jobs');
  let app: INestApplicationContext;
  let transfers: Transfers;
  let dispatch: DispatchTransfer;

  beforeAll(async () => {
    @Module({
      imports: [
        PersistenceModule.forRoot({
          database: backend === 'postgres' ? { databaseUrl: POSTGRES_URL, schema } : { schema },
          migrations: [...postingLedgerMigrations, ...sharedInstanceMigrations],
          jobQueue: { schema: bossSchema },
        }),
        ErpPostingsModule.register({
          settings: {
            maxConcurrency: 1,
            maxRatePerS: 1,
            retryBudgetH: 1,
            maxRetryDelayS: 1,
            attemptTimeoutS: 5,
          },
          erpPostings: {
            useFactory: () => ({ post: () => Promise.reject(new Error('store transfers post nothing')) }),
          },
        }),
        // One retry, then the dead letter queue: the policy comes from here, not from the workflow.
        WorkflowModule.register({ jobs: { retryLimit: 1, maxRetryDelayS: 1, attemptTimeoutS: 5 } }),
        StoreTransfersModule,
      ],
    })
    class TransfersApp {}
    app = await NestFactory.createApplicationContext(TransfersApp, { logger: false });
    await app.init();
    transfers = app.get(TRANSFERS);
    dispatch = app.get(DispatchTransfer);
  });
  afterAll(async () => {
    await app.close();
    await dropSchemas(backend, schema, bossSchema);
  });

  async function request(id: string, fromStoreId: string): Promise<void> {
    const transfer: Transfer = {
      id,
      state: 'REQUESTED',
      keys: { fromStoreId, toStoreId: 'ST-2' },
      facts: {},
      createdAt: '',
      version: 1,
    };
    await app
      .get(Database)
      .transaction((tx) => transfers.create(tx, storeCtx(fromStoreId, `corr-${id}`), transfer));
  }

  it('runs a transfer from request to receipt: the move schedules its job, the job makes the next move', async () => {
    await request('tr-1', 'ST-1');
    const dispatched = await dispatch.execute(storeCtx('ST-1', 'corr-dispatch'), {
      transferId: 'tr-1',
      carrierRef: 'DHL-1',
    });
    expect(dispatched).toMatchObject({ state: 'IN_TRANSIT', facts: { carrierRef: 'DHL-1' } });

    await eventually(async () => (await transfers.get('tr-1')).state === 'RECEIVED');
    const timeline = await transfers.timeline('tr-1');
    expect(timeline.map((e) => [e.step, e.outcome])).toEqual([
      ['requested', 'done'],
      ['dispatched', 'done'],
      ['received', 'done'],
    ]);
    // The job ran with the context of the request that scheduled it.
    expect(timeline[2].detail).toEqual({ correlationId: 'corr-dispatch' });
  });

  it('refuses a second dispatch with a conflict naming the current state', async () => {
    await request('tr-2', 'ST-1');
    await dispatch.execute(storeCtx('ST-1', 'c'), { transferId: 'tr-2', carrierRef: 'DHL-2' });
    const refusal = await dispatch
      .execute(storeCtx('ST-1', 'c'), { transferId: 'tr-2', carrierRef: 'DHL-3' })
      .catch((e: unknown) => e);

    expect(refusal).toBeInstanceOf(IllegalTransition);
    expect(refusal).toMatchObject({
      type: 'illegal-store-transfer-transition',
      extensions: { currentState: expect.stringMatching(/^(IN_TRANSIT|RECEIVED)$/) },
    });
    expect((await transfers.get('tr-2')).facts.carrierRef).toBe('DHL-2');
  });

  it('lets only the sending store dispatch, and keeps the refused transfer as it was', async () => {
    await request('tr-3', 'ST-1');
    await expect(
      dispatch.execute(storeCtx('ST-9', 'c'), { transferId: 'tr-3', carrierRef: 'DHL-4' }),
    ).rejects.toMatchObject({
      type: 'store-transfer-of-another-store',
    });
    expect(await transfers.get('tr-3')).toMatchObject({ state: 'REQUESTED', version: 1, facts: {} });
  });

  it("dead-letters a job that keeps failing after the configured retries, and lists the workflow's queue for operators", async () => {
    await request('tr-4', 'ST-1');
    await dispatch.execute(storeCtx('ST-1', 'corr-lost'), { transferId: 'tr-4', carrierRef: 'LOST' });

    const jobs = app.get(JobQueue);
    await eventually(async () =>
      (await jobs.listDeadLetters('store-transfer.receive')).some(
        (d) => (d.payload as { transferId: string }).transferId === 'tr-4',
      ),
    );
    const [letter] = (await jobs.listDeadLetters<{ transferId: string }>('store-transfer.receive')).filter(
      (d) => d.payload.transferId === 'tr-4',
    );
    expect(letter).toMatchObject({
      attempts: 2,
      payload: { transferId: 'tr-4', correlationId: 'corr-lost' },
      error: { message: 'the carrier lost the parcel' },
    });
    expect((await transfers.get('tr-4')).state).toBe('IN_TRANSIT');
    expect(app.get(WorkflowEngine).queues()).toEqual(['store-transfer.receive']);
  });

  if (backend === 'postgres') {
    // Ten transactions at once: each on its own connection of the pool (ten at most).
    const onEveryConnection = (work: (tx: SqlExecutor) => Promise<void>) =>
      Promise.all(Array.from({ length: 10 }, () => app.get(Database).transaction(work)));

    it("runs a move's statements prepared, and they keep working when a migration adds a column", async () => {
      await request('tr-7', 'ST-1');
      const learnCarrier = async (tx: SqlExecutor) => {
        await transfers.lock(tx, 'tr-7');
        await transfers.learn(tx, 'tr-7', { carrierRef: 'UPS-7' });
      };
      await onEveryConnection(learnCarrier);
      const prepared = await app.get(Database).transaction(async (tx) => {
        await learnCarrier(tx);
        return tx.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
      });
      expect(prepared.map((p) => p.statement)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^SELECT instance_id, state, keys, facts, created_at, version FROM workflow_instances .* FOR UPDATE$/,
          ),
          expect.stringMatching(
            /^UPDATE workflow_instances SET .* RETURNING instance_id, state, keys, facts, created_at, version$/,
          ),
        ]),
      );

      // As in a rolling upgrade: the connections prepared their statements before the migration.
      await app.get(Database).query('ALTER TABLE workflow_instances ADD COLUMN priority integer');
      try {
        await onEveryConnection(learnCarrier);
        expect(await transfers.get('tr-7')).toMatchObject({ facts: { carrierRef: 'UPS-7' }, version: 22 });
      } finally {
        await app.get(Database).query('ALTER TABLE workflow_instances DROP COLUMN priority');
      }
    });
  }

  it('finds open transfers by business key', async () => {
    await request('tr-5', 'ST-5');
    await request('tr-6', 'ST-5');
    expect(
      (await transfers.store.findBy('fromStoreId', 'ST-5', transfers.states('open'))).map((t) => t.id).sort(),
    ).toEqual(['tr-5', 'tr-6']);
  });
});
