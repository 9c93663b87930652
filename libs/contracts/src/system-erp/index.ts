export * from './inventory-positions';
export * from './posting';
