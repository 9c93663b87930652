import { Module } from '@nestjs/common';
import { OpsModule } from '@omnigate/server';
import { SandboxModule } from './sandbox.module';

/** The backend simulators, with the same health and metrics endpoints as every app. */
@Module({ imports: [SandboxModule, OpsModule.register()] })
export class AppModule {}
