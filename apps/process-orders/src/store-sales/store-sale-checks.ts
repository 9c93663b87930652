import { createHash } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { saleKeyOf, StoreSaleDto, type SaleProblemDto } from '@omnigate/contracts';
import { ValidationFailed } from '@omnigate/problems';
import type { NetSaleLine } from './store-sale';

/** The largest line amount an ERP posting line carries (system-erp's posting contract): a larger line could never be posted. */
const MAX_LINE_AMOUNT_MINOR = 100_000_000;

/** A sale that passed every check, with what acceptance records of it. */
export interface CheckedSale {
  sale: StoreSaleDto;
  saleKey: string;
  saleHash: string;
  netLines: NetSaleLine[];
  totalMinor: number;
}

export type SaleCheck =
  { ok: true; checked: CheckedSale } | { ok: false; saleKey: string; problem: SaleProblemDto };

const refuse = (saleKey: string, type: string, title: string, detail: string): SaleCheck => ({
  ok: false,
  saleKey,
  problem: { type, title, detail },
});

/** The key of a sale too malformed to pass its checks, when its key fields are usable at all. */
function keyOfRaw(raw: Record<string, unknown>): string {
  const { storeId, registerId, sequence } = raw;
  return typeof storeId === 'string' && typeof registerId === 'string' && Number.isInteger(sequence)
    ? saleKeyOf({ storeId, registerId, sequence: sequence as number })
    : '';
}

/** JSON with object keys sorted at every level: the same sale hashes the same, whatever order the till wrote its fields in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function saleHashOf(sale: StoreSaleDto): string {
  return createHash('sha256').update(canonicalJson(sale)).digest('hex');
}

/**
 * Each line's net amount: its gross less its promotions, less its share of the order discount
 * (shared in proportion to the lines' amounts, the remainder cent by cent from the first line), so
 * the lines add up to the sale total exactly.
 */
export function netLinesOf(sale: StoreSaleDto): { netLines: NetSaleLine[]; totalMinor: number } {
  const afterPromotions = sale.lines.map(
    (l) => l.quantity * l.unitPriceMinor - (l.promotions ?? []).reduce((sum, p) => sum + p.discountMinor, 0),
  );
  const gross = afterPromotions.reduce((sum, amount) => sum + amount, 0);
  const discount = sale.orderDiscountMinor ?? 0;
  const shares = afterPromotions.map((amount) =>
    gross === 0 ? 0 : Number((BigInt(discount) * BigInt(amount)) / BigInt(gross)),
  );
  let left = discount - shares.reduce((sum, s) => sum + s, 0);
  for (let i = 0; left > 0 && i < shares.length; i++) {
    const room = afterPromotions[i] - shares[i];
    const take = Math.min(room, left);
    shares[i] += take;
    left -= take;
  }
  return {
    netLines: sale.lines.map((l, i) => ({
      lineNumber: l.lineNumber,
      sku: l.sku,
      quantity: l.quantity,
      netAmountMinor: afterPromotions[i] - shares[i],
    })),
    totalMinor: gross - discount,
  };
}

function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}

/** Checks one sale of a batch on its own: its shape (the DTO's rules, no unknown fields), then the sale's arithmetic. */
export async function checkSale(raw: Record<string, unknown>): Promise<SaleCheck> {
  const instance = plainToInstance(StoreSaleDto, raw);
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    const violations = new ValidationFailed(errors).violations.slice(0, 10);
    return refuse(
      keyOfRaw(raw),
      'sale-invalid',
      'The sale breaks the contract',
      violations.map((v) => `${v.field}: ${v.message}`).join('; '),
    );
  }
  // A plain copy of the validated sale: what is stored, hashed and handed to the returns workflow.
  const sale = JSON.parse(JSON.stringify(instance)) as StoreSaleDto;
  const saleKey = saleKeyOf(sale);
  if (!isCalendarDate(sale.businessDate))
    return refuse(
      saleKey,
      'sale-invalid',
      'The sale breaks the contract',
      `businessDate: ${sale.businessDate} is no calendar date`,
    );
  const oversized = sale.lines.find((l) => l.quantity * l.unitPriceMinor > MAX_LINE_AMOUNT_MINOR);
  if (oversized)
    return refuse(
      saleKey,
      'sale-line-too-large',
      'A line is larger than the ERP takes',
      `Line ${oversized.lineNumber} comes to more than ${MAX_LINE_AMOUNT_MINOR} minor units`,
    );
  const lineNumbers = new Set(sale.lines.map((l) => l.lineNumber));
  if (lineNumbers.size !== sale.lines.length)
    return refuse(
      saleKey,
      'sale-line-numbers-repeated',
      'Two lines have one line number',
      'Each line of a sale needs its own lineNumber',
    );
  const overdrawn = sale.lines.find(
    (l) => (l.promotions ?? []).reduce((sum, p) => sum + p.discountMinor, 0) > l.quantity * l.unitPriceMinor,
  );
  if (overdrawn)
    return refuse(
      saleKey,
      'sale-promotion-exceeds-line',
      'Promotions exceed their line',
      `Line ${overdrawn.lineNumber} is discounted below zero`,
    );
  const gross = sale.lines.reduce(
    (sum, l) =>
      sum + l.quantity * l.unitPriceMinor - (l.promotions ?? []).reduce((s, p) => s + p.discountMinor, 0),
    0,
  );
  if ((sale.orderDiscountMinor ?? 0) > gross)
    return refuse(
      saleKey,
      'sale-discount-exceeds-total',
      'The order discount exceeds the sale',
      `The lines come to ${gross}, the discount is ${sale.orderDiscountMinor}`,
    );
  const pointsTender = sale.tenders.find((t) => (t.type === 'POINTS') !== (t.points !== undefined));
  if (pointsTender)
    return refuse(
      saleKey,
      'sale-points-tender-invalid',
      'Points go with a POINTS tender only',
      'A POINTS tender says its points; no other tender has points',
    );
  if (sale.tenders.some((t) => t.type === 'POINTS') && sale.memberId === undefined)
    return refuse(
      saleKey,
      'sale-points-need-member',
      'Points were tendered without a member',
      'A POINTS tender needs the sale to name its memberId',
    );
  const { netLines, totalMinor } = netLinesOf(sale);
  const tendered = sale.tenders.reduce((sum, t) => sum + t.amountMinor, 0);
  if (tendered !== totalMinor)
    return refuse(
      saleKey,
      'sale-tenders-mismatch',
      'The tenders do not add up to the total',
      `The sale comes to ${totalMinor}, the tenders to ${tendered}`,
    );
  return { ok: true, checked: { sale, saleKey, saleHash: saleHashOf(sale), netLines, totalMinor } };
}
