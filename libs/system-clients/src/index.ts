export * from './system-refusal';
export * from './system-api.client';
export * from './erp.api';
export * from './oms.api';
export * from './loyalty.api';
export * from './pos.api';
export * from './system-clients.module';
export * from './upstream-apis';
