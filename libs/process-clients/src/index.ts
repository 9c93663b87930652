export * from './pickup-orders.api';
export * from './points-holds.api';
export * from './process-caller';
export * from './process-clients.module';
export * from './returns.api';
export * from './till-redemptions.api';
export * from './store-sales.api';
