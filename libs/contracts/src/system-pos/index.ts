export * from './store-prices';
export * from './stores';
