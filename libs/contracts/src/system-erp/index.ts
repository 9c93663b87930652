export * from './inventory-positions';
