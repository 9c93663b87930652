export * from './erp-posting';
export * from './posting-ledger.migrations';
export * from './posting-ledger';
export * from './adaptive-throttle';
export * from './erp-posting-governor';
export * from './erp-postings.module';
