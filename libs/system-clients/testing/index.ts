/** Test doubles of the system API clients, kept out of the production barrel (`src/index.ts`). */
export * from './loyalty-api.fake';
export * from './oms-api.fake';
export * from './pos-api.fake';
