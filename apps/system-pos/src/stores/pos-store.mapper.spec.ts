import { toStore } from './pos-store.mapper';

describe('toStore', () => {
  it('turns the back office store into the canonical store without its vendor fields', () => {
    const store = toStore({
      store_code: 'ST-4821',
      name: 'Portland Downtown',
      region: 'WEST',
      timezone: 'America/Los_Angeles',
      address: { line1: '12 Main St', city: 'Portland', postal_code: '97204', country: 'US' },
      registers: ['R01', 'R02', 'R03'],
      price_list_id: 'PL-WE',
      status: 'OPEN',
    });

    expect(store).toEqual({
      storeId: 'ST-4821',
      name: 'Portland Downtown',
      region: 'WEST',
      timezone: 'America/Los_Angeles',
      registers: ['R01', 'R02', 'R03'],
      priceListId: 'PL-WE',
      status: 'OPEN',
    });
  });
});
