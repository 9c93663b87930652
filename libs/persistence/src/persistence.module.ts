import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  Optional,
  type Provider,
} from '@nestjs/common';
import { Database } from './database';
import { JobQueue } from './job-queue';
import { migrate, type Migration } from './migrate';
import { openDatabase, type DatabaseOptions } from './open-database';
import { QueuePauses } from './queue-pauses';
import { startJobQueue, type JobQueueStartOptions } from './start-job-queue';

/** What an app's persistence is made of. */
export interface PersistenceModuleOptions {
  database: DatabaseOptions;
  /** Applied at start, before anything else touches the database. */
  migrations?: readonly Migration[];
  /** Provides {@link JobQueue} when set, and {@link QueuePauses} when it has a `pauseCheckMs`. */
  jobQueue?: JobQueueStartOptions;
}

@Injectable()
class PersistenceLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Optional() @Inject(JobQueue) private readonly jobs?: JobQueue,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // Workers first: a job finishing its work still needs the database.
    await this.jobs?.stop();
    await this.db.close();
  }
}

/** Provides the migrated {@link Database}, and {@link JobQueue} when asked, to the whole app; closes them on shutdown. */
@Module({})
export class PersistenceModule {
  /** Opens, migrates and shares the app's database. */
  static forRoot(options: PersistenceModuleOptions): DynamicModule {
    const database: Provider = {
      provide: Database,
      useFactory: async () => {
        const db = await openDatabase(options.database);
        await migrate(db, options.migrations ?? []);
        return db;
      },
    };
    const jobQueueOptions = options.jobQueue;
    const pausable = jobQueueOptions?.pauseCheckMs !== undefined;
    const queuePauses: Provider[] = pausable
      ? [{ provide: QueuePauses, inject: [Database], useFactory: (db: Database) => new QueuePauses(db) }]
      : [];
    const jobQueue: Provider[] = jobQueueOptions
      ? [
          {
            provide: JobQueue,
            inject: [Database, ...(pausable ? [QueuePauses] : [])],
            useFactory: async (db: Database, pauses?: QueuePauses) => {
              const jobs = new JobQueue(
                await startJobQueue(db, jobQueueOptions),
                jobQueueOptions.stopTimeoutMs,
              );
              // Before any worker starts, so a queue paused while the app was down stays unworked.
              if (pauses) await jobs.followPauses(pauses, jobQueueOptions.pauseCheckMs!, db);
              return jobs;
            },
          },
        ]
      : [];
    return {
      module: PersistenceModule,
      global: true,
      providers: [database, ...queuePauses, ...jobQueue, PersistenceLifecycle],
      exports: [Database, ...(jobQueueOptions ? [JobQueue] : []), ...(pausable ? [QueuePauses] : [])],
    };
  }
}
