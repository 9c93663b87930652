import { type DynamicModule, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { WORKFLOW_JOB_POLICY, WorkflowEngine, type WorkflowJobPolicy } from './workflow-engine';

/** Provides the workflow engine and the clock to a process app; needs persistence and the ERP postings module. */
@Module({})
export class WorkflowModule {
  static register(options: { jobs: WorkflowJobPolicy }): DynamicModule {
    return {
      module: WorkflowModule,
      global: true,
      providers: [
        { provide: WORKFLOW_JOB_POLICY, useValue: options.jobs },
        { provide: Clock, useClass: SystemClock },
        WorkflowEngine,
      ],
      exports: [WorkflowEngine, Clock],
    };
  }
}
