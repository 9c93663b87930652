import { Controller, Get, Header, Inject, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@omnigate/auth';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { metricsRegistry } from '@omnigate/observability';
import { MetricsScrapeGuard } from './metrics-scrape.guard';
import { READINESS_PROBES, type ReadinessProbe } from './readiness-probe';
import { ShutdownState } from './shutdown-state';

/**
 * Liveness, readiness and Prometheus metrics: what the platform and its load balancers poll. Open to
 * the auth guards of every app and never rate limited (a probe refused 429 would take a healthy
 * replica out); `/metrics` has its own guard, the scraper's key.
 */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller()
export class OpsController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[],
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('health/live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('health/ready')
  @HealthCheck()
  ready() {
    // A draining replica turns unready first, so balancers stop sending before its listener closes.
    const since = this.shutdown.drainingSince;
    const draining = since
      ? [async () => this.indicators.check('shutdown').down({ drainingSince: since.toISOString() })]
      : [];
    return this.health.check([
      ...draining,
      ...this.probes.map((probe) => async () => {
        const indicator = this.indicators.check(probe.name);
        const { up, detail } = await probe.check();
        return up ? indicator.up(detail) : indicator.down(detail);
      }),
    ]);
  }

  @Get('metrics')
  @UseGuards(MetricsScrapeGuard)
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics() {
    return metricsRegistry.metrics();
  }
}
