export * from './points-movement';
export * from './accrual';
export * from './redemption';
export * from './accrual-reversal';
export * from './loyalty-transaction';
