import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@omnigate/persistence';
import type { ReceiptLine } from './purchase-receipt';

/** The only SQL on `return_receipt_lines`: how many units of each receipt line are returned already. */
@Injectable()
export class ReceiptLinesRepository {
  /**
   * Every line of the receipt, locked until `tx` ends, with the units returned so far. Lines are
   * created on the receipt's first return and locked in line order, so two returns of one receipt
   * take turns and never deadlock; the second sees what the first took.
   */
  async lock(
    tx: SqlExecutor,
    receiptKey: string,
    lines: readonly ReceiptLine[],
  ): Promise<Map<number, number>> {
    await tx.query(
      `INSERT INTO return_receipt_lines (receipt_key, line_number, sold_quantity)
       SELECT $1, line_number, sold_quantity FROM unnest($2::int[], $3::int[]) AS l(line_number, sold_quantity)
       ON CONFLICT (receipt_key, line_number) DO NOTHING`,
      [receiptKey, lines.map((l) => l.lineNumber), lines.map((l) => l.quantity)],
    );
    const rows = await tx.query<{ line_number: number; returned_quantity: number }>(
      `SELECT line_number, returned_quantity FROM return_receipt_lines
       WHERE receipt_key = $1 ORDER BY line_number FOR UPDATE`,
      [receiptKey],
    );
    return new Map(rows.map((r) => [Number(r.line_number), Number(r.returned_quantity)]));
  }

  /** Adds (or, for a return that ended unrefunded, takes back) returned units of locked lines. */
  async add(
    tx: SqlExecutor,
    receiptKey: string,
    quantities: readonly { lineNumber: number; quantity: number }[],
  ): Promise<void> {
    for (const { lineNumber, quantity } of quantities) {
      await tx.query(
        `UPDATE return_receipt_lines SET returned_quantity = returned_quantity + $3
         WHERE receipt_key = $1 AND line_number = $2`,
        [receiptKey, lineNumber, quantity],
      );
    }
  }
}
