/** The coarse stock level a shopper sees instead of exact counts. */
export const STOCK_STATUSES = ['IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK'] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

/** LOW_STOCK at or below the threshold, so a shopper is not sent to a store for the last unit. */
export function stockStatusOf(available: number, lowStockThreshold: number): StockStatus {
  if (available <= 0) return 'OUT_OF_STOCK';
  return available <= lowStockThreshold ? 'LOW_STOCK' : 'IN_STOCK';
}
