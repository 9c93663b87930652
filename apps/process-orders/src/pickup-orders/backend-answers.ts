import { type OmsApi, SystemRefusal } from '@omnigate/system-clients';

type OmsOrderStatus = Parameters<OmsApi['setOrderStatus']>[1];

/**
 * The backends' own "already done" answers, the only refusals a repeated settling call may take
 * as success. The loyalty platform answers a repeated cancel or accrual as a success itself.
 */
const refusal = (error: unknown, type: string): SystemRefusal | undefined =>
  error instanceof SystemRefusal && error.type === type ? error : undefined;

/** The reservation is already released, or lapsed: either way it holds no stock. */
export const reservationAlreadyReleased = (error: unknown): boolean =>
  ['RELEASED', 'EXPIRED'].includes(
    refusal(error, 'reservation-not-active')?.extensions.reservationStatus as string,
  );

/** The reservation is already consumed; a released or lapsed one is not, and consuming it must fail. */
export const reservationAlreadyConsumed = (error: unknown): boolean =>
  refusal(error, 'reservation-not-active')?.extensions.reservationStatus === 'CONSUMED';

/** The OMS order has the status asked for, or one after it (CREATED -> READY -> COLLECTED). */
export const orderAlreadyAt =
  (status: OmsOrderStatus) =>
  (error: unknown): boolean => {
    const from = refusal(error, 'illegal-order-transition')?.extensions.from;
    return from === status || (status === 'READY' && from === 'COLLECTED');
  };

/** A business refusal to a repeated take (reserve, redeem) under our reference: nothing is held under it. */
export const nothingTaken = (error: unknown): boolean => error instanceof SystemRefusal;
