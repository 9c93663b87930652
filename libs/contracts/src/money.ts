import { ApiProperty } from '@nestjs/swagger';

/** An amount of money in integer minor units (cents) of an ISO 4217 currency; never a float. */
export class Money {
  @ApiProperty({ example: 1299, description: 'Integer minor units (cents)' })
  amountMinor!: number;

  @ApiProperty({ example: 'USD', pattern: '^[A-Z]{3}$', minLength: 3, maxLength: 3 })
  currency!: string;
}

/** Parses a vendor decimal string ('12.99') into integer minor units without float rounding. */
export function decimalToMinor(decimal: string, fractionDigits = 2): number {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new RangeError(`not a decimal amount: '${decimal}'`);
  const [, sign, whole, fraction = ''] = match;
  const minor =
    Number(whole) * 10 ** fractionDigits +
    Number(fraction.padEnd(fractionDigits, '0').slice(0, fractionDigits));
  return sign ? -minor : minor;
}

/** Formats integer minor units as the decimal string vendors expect. */
export function minorToDecimal(amountMinor: number, fractionDigits = 2): string {
  const sign = amountMinor < 0 ? '-' : '';
  const digits = String(Math.abs(amountMinor)).padStart(fractionDigits + 1, '0');
  return `${sign}${digits.slice(0, -fractionDigits)}.${digits.slice(-fractionDigits)}`;
}
