export * from './reservation';
export * from './reservation-request';
export * from './order';
export * from './stock-movement';
