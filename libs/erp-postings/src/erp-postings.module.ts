import { type DynamicModule, type FactoryProvider, Module } from '@nestjs/common';
import {
  ERP_POSTINGS_PORT,
  ErpPostingGovernor,
  GOVERNOR_SETTINGS,
  type ErpPostingsPort,
  type GovernorSettings,
} from './erp-posting-governor';
import { PostingLedger } from './posting-ledger';

/** Provides the posting ledger and the ERP posting governor to a process app: every ERP write goes through them. */
@Module({})
export class ErpPostingsModule {
  static register(options: {
    settings: GovernorSettings;
    erpPostings: Omit<FactoryProvider<ErpPostingsPort>, 'provide'>;
  }): DynamicModule {
    return {
      module: ErpPostingsModule,
      global: true,
      providers: [
        { provide: GOVERNOR_SETTINGS, useValue: options.settings },
        { provide: ERP_POSTINGS_PORT, ...options.erpPostings },
        PostingLedger,
        ErpPostingGovernor,
      ],
      exports: [PostingLedger, ErpPostingGovernor],
    };
  }
}
