/** Minor units as the POS back office writes money: a decimal string, e.g. 1299 -> '12.99'. */
export function posDecimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
