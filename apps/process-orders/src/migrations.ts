import { idempotencyMigrations } from '@omnigate/idempotency';
import { queuePauseMigrations, type Migration } from '@omnigate/persistence';
import { postingLedgerMigrations } from '@omnigate/erp-postings';
import { sharedInstanceMigrations } from '@omnigate/workflow';
import { pickupOrderMigrations } from './pickup-orders/pickup-orders.migrations';
import { returnMigrations } from './returns/returns.migrations';
import { storeSaleMigrations } from './store-sales/store-sales.migrations';
import { operationsMigrations } from './operations/operations.migrations';
import { reconciliationMigrations } from './reconciliation/reconciliation.migrations';

/** Every table of process-orders, in the order they were introduced. */
export const processOrdersMigrations: Migration[] = [
  ...idempotencyMigrations,
  ...postingLedgerMigrations,
  ...pickupOrderMigrations,
  ...sharedInstanceMigrations,
  ...returnMigrations,
  ...storeSaleMigrations,
  ...operationsMigrations,
  ...reconciliationMigrations,
  ...queuePauseMigrations,
];
