import { Module } from '@nestjs/common';
import { OpsModule } from '@omnigate/server';
import { SandboxModule } from './sandbox.module';

/** The backend simulators, with the same health and metrics endpoints as every app; nothing of value to guard, so metrics are open. */
@Module({ imports: [SandboxModule, OpsModule.register({ metricsScrapers: 'anyone' })] })
export class AppModule {}
