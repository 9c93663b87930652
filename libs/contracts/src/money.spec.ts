import { decimalToMinor, minorToDecimal } from './money';

describe('money conversions', () => {
  it.each([
    ['12.99', 1299],
    ['0.1', 10],
    ['7', 700],
    ['-3.05', -305],
    ['1.005', 100],
  ])('reads %s as %i minor units', (decimal, minor) => expect(decimalToMinor(decimal)).toBe(minor));

  it('refuses what is not a decimal', () => expect(() => decimalToMinor('12,99')).toThrow(RangeError));

  it.each([
    [1299, '12.99'],
    [5, '0.05'],
    [-305, '-3.05'],
  ])('writes %i as %s', (minor, decimal) => expect(minorToDecimal(minor)).toBe(decimal));
});
