import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CallerKeyRing } from '@omnigate/auth';
import { callerRateLimitsFrom, RateLimitGuard, RateLimitModule } from '@omnigate/rate-limit';
import { redisSettingsFrom } from '@omnigate/redis';
import { OpsModule } from '@omnigate/server';
import { TowerAccessGuard } from './access/tower-access.guard';
import { towerPersonCaller } from './access/tower-caller';
import { TowerKeyRing } from './access/tower-keys';
import { ControlTowerConfig } from './control-tower.config';
import { ClientApps } from './operations/client-apps';
import { ControlTowerController } from './operations/control-tower.controller';
import { LowerApis } from './operations/lower-apis';
import { OperationsMetrics } from './operations/operations.metrics';
import { OperatorAudit } from './operations/operator-audit';
import { PauseQueue } from './operations/pause-queue.usecase';
import { QueuePausesController } from './operations/queue-pauses.controller';
import { ReplayDeadLetters } from './operations/replay-dead-letters.usecase';
import { PageController } from './page/page.controller';
import { TrafficController } from './traffic/traffic.controller';
import { TrafficFigures } from './traffic/traffic-figures';

/** control-tower: the platform team's page and operations API over process-orders and the system APIs. */
@Module({})
export class AppModule {
  static register(config: ControlTowerConfig): DynamicModule {
    const keys = new TowerKeyRing({
      viewer: config.CONTROL_TOWER_VIEWER_KEY_DIGESTS,
      operator: config.CONTROL_TOWER_OPERATOR_KEY_DIGESTS,
    });
    return {
      module: AppModule,
      imports: [
        OpsModule.register({ metricsScrapers: CallerKeyRing.parse(config.INTERNAL_CALLER_KEY_DIGESTS) }),
        RateLimitModule.forCallers({
          api: 'control-tower',
          limits: callerRateLimitsFrom(config),
          identifyCaller: towerPersonCaller,
          redis: redisSettingsFrom(config),
          keyPrefix: config.REDIS_KEY_PREFIX,
        }),
      ],
      controllers: [PageController, ControlTowerController, QueuePausesController, TrafficController],
      providers: [
        { provide: ControlTowerConfig, useValue: config },
        { provide: TowerKeyRing, useValue: keys },
        { provide: APP_GUARD, useClass: TowerAccessGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        LowerApis,
        ClientApps,
        OperatorAudit,
        ReplayDeadLetters,
        PauseQueue,
        OperationsMetrics,
        TrafficFigures,
      ],
    };
  }
}
