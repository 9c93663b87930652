import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CallerKeyRing, InternalAuthGuard, InternalAuthModule } from '@omnigate/auth';
import { BackendClientModule, BreakerProbe } from '@omnigate/http-client';
import { callerRateLimitsFrom, RateLimitGuard, RateLimitModule } from '@omnigate/rate-limit';
import { redisSettingsFrom } from '@omnigate/redis';
import { OpsModule } from '@omnigate/server';
import { OmsClient } from './oms/oms.client';
import { OrdersController } from './orders/orders.controller';
import { OrdersService } from './orders/orders.service';
import { ReservationsController } from './reservations/reservations.controller';
import { ReservationsService } from './reservations/reservations.service';
import { StockMovementsController } from './stock-movements/stock-movements.controller';
import { StockMovementsService } from './stock-movements/stock-movements.service';
import { SystemOmsConfig } from './system-oms.config';

/** system-oms: the OMS/WMS's reservations, orders, pick lists and stock movements in canonical shapes. */
@Module({})
export class AppModule {
  static register(config: SystemOmsConfig): DynamicModule {
    const callers = CallerKeyRing.parse(config.INTERNAL_CALLER_KEY_DIGESTS);
    return {
      module: AppModule,
      imports: [
        InternalAuthModule.forRoot({ callers }),
        RateLimitModule.forCallers({
          api: 'system-oms',
          limits: callerRateLimitsFrom(config),
          redis: redisSettingsFrom(config),
          keyPrefix: config.REDIS_KEY_PREFIX,
        }),
        BackendClientModule.register('oms', config),
        OpsModule.register({ probes: [BreakerProbe], metricsScrapers: callers }),
      ],
      controllers: [ReservationsController, OrdersController, StockMovementsController],
      providers: [
        { provide: APP_GUARD, useExisting: InternalAuthGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: SystemOmsConfig, useValue: config },
        OmsClient,
        ReservationsService,
        OrdersService,
        StockMovementsService,
      ],
    };
  }
}
