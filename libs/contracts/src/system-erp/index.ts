export * from './inventory-positions';
export * from './posting';
export * from './erp-document';
