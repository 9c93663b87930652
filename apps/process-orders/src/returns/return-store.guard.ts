import { RETURN_ID_PATTERN } from '@omnigate/contracts';
import { StoreBoundGuard } from '@omnigate/workflow';
import { STORE_RETURNS } from './store-return.workflow';

/** A till receives, rejects or cancels an RMA only at the return's store, refused before idempotency records anything. */
export const ReturnStoreGuard = StoreBoundGuard(STORE_RETURNS, 'returnId', RETURN_ID_PATTERN);
