import type { BackendResponse } from '@omnigate/http-client';
import { UpstreamError } from '@omnigate/problems';

/** The OMS's error body: a code, a message, and the details of that code. */
export interface OmsErrorBody {
  code: string;
  message?: string;
  sku?: string;
  available?: number;
  status?: string;
  from?: string;
  to?: string;
  omsOrderId?: string;
  pickListId?: string;
}

/** The OMS's refusal codes this app turns into outcomes. */
export const OMS_ERROR = {
  validationFailed: 'VALIDATION_FAILED',
  insufficientStock: 'INSUFFICIENT_STOCK',
  unknownLocation: 'UNKNOWN_LOCATION',
  unknownSku: 'UNKNOWN_SKU',
  reservationNotFound: 'RESERVATION_NOT_FOUND',
  reservationNotActive: 'RESERVATION_NOT_ACTIVE',
  duplicateOrder: 'DUPLICATE_ORDER',
  orderNotFound: 'ORDER_NOT_FOUND',
  pickListExists: 'PICK_LIST_EXISTS',
  illegalOrderState: 'ILLEGAL_ORDER_STATE',
  illegalStatusTransition: 'ILLEGAL_STATUS_TRANSITION',
} as const;

/** The refusal of a response the caller accepted, with its code; undefined body fields stay undefined. */
export function omsRefusal(response: BackendResponse<unknown>): Partial<OmsErrorBody> {
  const body = response.data;
  return body !== null && typeof body === 'object' ? (body as Partial<OmsErrorBody>) : {};
}

/** A refusal this app has no outcome for: reported as the OMS rejecting the call. */
export function unexpectedOmsRefusal(operation: string, response: BackendResponse<unknown>): UpstreamError {
  const { code } = omsRefusal(response);
  return new UpstreamError(
    'oms',
    operation,
    'rejected',
    `refused with ${response.status} ${code ?? ''}`.trim(),
    response.status,
  );
}
