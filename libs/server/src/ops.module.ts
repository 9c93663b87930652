import { type DynamicModule, type ModuleMetadata, Module, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { METRICS_SCRAPERS, MetricsScrapeGuard, type MetricsScrapers } from './metrics-scrape.guard';
import { OpsController } from './ops.controller';
import { READINESS_PROBES, type ReadinessProbe } from './readiness-probe';
import { ShutdownState } from './shutdown-state';

/** How an app's operations endpoints are set up. */
export interface OpsOptions {
  imports?: ModuleMetadata['imports'];
  probes?: (Type<ReadinessProbe> | symbol)[];
  /** Who may read `/metrics`: the app's internal callers (of which only `metrics-scraper` and `control-tower` are admitted), or anyone. */
  metricsScrapers: MetricsScrapers;
}

/** Mounts `/health/live`, `/health/ready` (with the app's own probes, and 503 while draining for shutdown) and `/metrics`. */
@Module({})
export class OpsModule {
  static register(options: OpsOptions): DynamicModule {
    const probes = options.probes ?? [];
    return {
      module: OpsModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [OpsController],
      // Probes are providers of other (global) modules; only their instances are collected here.
      providers: [
        { provide: READINESS_PROBES, useFactory: (...found: ReadinessProbe[]) => found, inject: probes },
        { provide: METRICS_SCRAPERS, useValue: options.metricsScrapers },
        MetricsScrapeGuard,
        ShutdownState,
      ],
      exports: [ShutdownState],
    };
  }
}
