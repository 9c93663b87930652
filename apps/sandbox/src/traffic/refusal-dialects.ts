import { odataError } from '../erp/odata-error';
import { loyaltyError } from '../loyalty/loyalty-error';
import { omsError } from '../oms/oms-error';
import { posError } from '../pos/pos-error';
import type { VendorHttpError } from '../vendor-http.error';
import type { BackendName } from './backend-name';
import type { Refusal } from './refusal';

const MESSAGES: Record<Refusal['reason'], string> = {
  maintenance: 'The service is down for scheduled maintenance',
  'forced-429': 'Too many requests',
  'concurrency-quota': 'Too many concurrent requests',
  'window-quota': 'Request quota exceeded for the current window',
  outage: 'Internal server error',
  'injected-error': 'Internal server error',
};

const SLUGS: Record<Refusal['status'], string> = {
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/** A fault answer in the backend's own error dialect, with Retry-After where the fault has one. */
export function refusalInDialect(backend: BackendName, refusal: Refusal): VendorHttpError {
  const headers: Record<string, string> =
    refusal.retryAfterS === undefined ? {} : { 'retry-after': String(refusal.retryAfterS) };
  const message = MESSAGES[refusal.reason];
  const slug = SLUGS[refusal.status];
  switch (backend) {
    case 'erp':
      return odataError(refusal.status, slug, message, undefined, headers);
    case 'loyalty':
      return loyaltyError(refusal.status, slug, message, {}, headers);
    case 'oms':
      return omsError(refusal.status, slug, message, {}, headers);
    case 'pos':
      return posError(refusal.status, slug.toLowerCase(), message, headers);
  }
}
