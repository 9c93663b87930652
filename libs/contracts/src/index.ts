export * from './money';
export * from './product';
export * from './inventory-position';
export * from './price';
export * from './store';
export * from './loyalty-account';
export * from './event-envelope';
