import type { Store } from './retailer-world.model';
import type { SeededRandom } from './seeded-random';

interface Region {
  region: string;
  priceListId: string;
  cities: ReadonlyArray<readonly [city: string, postalCode: string, timezone: string]>;
}

/** 25 cities over four regions; each region has its own price list. */
export const REGIONS: readonly Region[] = [
  {
    region: 'NORTHEAST',
    priceListId: 'PL-NE',
    cities: [
      ['Boston', '02108', 'America/New_York'],
      ['Providence', '02903', 'America/New_York'],
      ['Hartford', '06103', 'America/New_York'],
      ['Albany', '12207', 'America/New_York'],
      ['Portland ME', '04101', 'America/New_York'],
      ['Burlington', '05401', 'America/New_York'],
      ['Newark', '07102', 'America/New_York'],
    ],
  },
  {
    region: 'SOUTH',
    priceListId: 'PL-SO',
    cities: [
      ['Atlanta', '30303', 'America/New_York'],
      ['Charlotte', '28202', 'America/New_York'],
      ['Nashville', '37203', 'America/Chicago'],
      ['Austin', '78701', 'America/Chicago'],
      ['Tampa', '33602', 'America/New_York'],
      ['New Orleans', '70112', 'America/Chicago'],
    ],
  },
  {
    region: 'MIDWEST',
    priceListId: 'PL-MW',
    cities: [
      ['Chicago', '60601', 'America/Chicago'],
      ['Milwaukee', '53202', 'America/Chicago'],
      ['Minneapolis', '55401', 'America/Chicago'],
      ['Columbus', '43215', 'America/New_York'],
      ['Indianapolis', '46204', 'America/Indiana/Indianapolis'],
      ['Kansas City', '64105', 'America/Chicago'],
    ],
  },
  {
    region: 'WEST',
    priceListId: 'PL-WE',
    cities: [
      ['Seattle', '98101', 'America/Los_Angeles'],
      ['Portland', '97204', 'America/Los_Angeles'],
      ['San Diego', '92101', 'America/Los_Angeles'],
      ['Sacramento', '95814', 'America/Los_Angeles'],
      ['Denver', '80202', 'America/Denver'],
      ['Phoenix', '85004', 'America/Phoenix'],
    ],
  },
];

const STREETS = [
  'Main St',
  'Market St',
  'Commerce Ave',
  'Harbor Blvd',
  'Elm St',
  'Union Sq',
  'Riverside Dr',
  'Park Ave',
];
const QUARTERS = ['Downtown', 'Central', 'Riverside', 'Plaza', 'Crossing', 'Commons'];

/** The seeded store network with store codes like 'ST-6930' and 3 to 6 registers each. */
export function seedStoreNetwork(random: SeededRandom): Store[] {
  const taken = new Set<string>();
  return REGIONS.flatMap(({ region, priceListId, cities }) =>
    cities.map(([city, postalCode, timezone]) => {
      let storeId = `ST-${random.int(1000, 9999)}`;
      while (taken.has(storeId)) storeId = `ST-${random.int(1000, 9999)}`;
      taken.add(storeId);
      const registerCount = random.int(3, 6);
      return {
        storeId,
        name: `${city} ${random.pick(QUARTERS)}`,
        region,
        timezone,
        address: {
          line1: `${random.int(10, 2999)} ${random.pick(STREETS)}`,
          city,
          postalCode,
          country: 'US',
        },
        registers: Array.from({ length: registerCount }, (_, i) => `R${String(i + 1).padStart(2, '0')}`),
        priceListId,
      };
    }),
  );
}
