export * from './erp-posting';
export * from './posting-ledger.migrations';
export * from './posting-ledger';
export * from './posting-failure';
export * from './shared-erp-quota';
export * from './posting-gauges';
export * from './erp-posting-governor';
export * from './erp-postings.module';
