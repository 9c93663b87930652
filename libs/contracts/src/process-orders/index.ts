export * from './pickup-order';
export * from './store-sale';
export * from './store-sale-result';
export * from './store-return';
export * from './till-redemption';
