import { stockStatusOf } from './stock-status';

describe('stockStatusOf', () => {
  it.each([
    [0, 'OUT_OF_STOCK'],
    [1, 'LOW_STOCK'],
    [5, 'LOW_STOCK'],
    [6, 'IN_STOCK'],
  ])('shows %i units with a threshold of 5 as %s', (available, status) => {
    expect(stockStatusOf(available, 5)).toBe(status);
  });
});
