import type { LoyaltyMember, MemberTier } from './retailer-world.model';
import type { SeededRandom } from './seeded-random';

const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'James',
  'Isabella',
  'Lucas',
  'Mia',
  'Mateo',
  'Amelia',
  'Ethan',
  'Harper',
  'Aiden',
  'Evelyn',
  'Jackson',
  'Priya',
  'Wei',
  'Fatima',
  'Diego',
  'Aisha',
  'Hiroshi',
  'Chloe',
  'Omar',
  'Grace',
  'Samuel',
  'Lena',
  'Kofi',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Lee',
  'Nguyen',
  'Patel',
  'Kim',
  'Okafor',
  'Cohen',
  'Rossi',
  'Schneider',
  'Tanaka',
  'Walker',
  'Young',
  'Hughes',
  'Silva',
  'Haddad',
  'Novak',
];

function tierFor(roll: number): MemberTier {
  if (roll < 0.6) return 'BASE';
  return roll < 0.88 ? 'SILVER' : 'GOLD';
}

/** Loyalty members with 13-digit card numbers; a few (every 97th from the 14th) are suspended. */
export function seedLoyaltyMembers(random: SeededRandom, count: number): LoyaltyMember[] {
  const taken = new Set<string>();
  const members: LoyaltyMember[] = [];
  for (let i = 0; i < count; i++) {
    // 604 is the programme's card range; the rest is random so card numbers look issued, not counted.
    let memberNumber = `604${random.digits(10)}`;
    while (taken.has(memberNumber)) memberNumber = `604${random.digits(10)}`;
    taken.add(memberNumber);
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const availablePoints = random.int(0, 20_000);
    members.push({
      memberNumber,
      firstName,
      lastName,
      email: `${firstName}.${lastName}${random.int(1, 999)}@example.com`.toLowerCase(),
      tier: tierFor(random.next()),
      status: i % 97 === 13 ? 'SUSPENDED' : 'ACTIVE',
      enrolledAt: new Date(
        Date.UTC(
          random.int(2015, 2024),
          random.int(0, 11),
          random.int(1, 28),
          random.int(8, 20),
          random.int(0, 59),
        ),
      ).toISOString(),
      availablePoints,
      pendingPoints: random.chance(0.2) ? random.int(10, 500) : 0,
      lifetimePoints: availablePoints + random.int(0, 30_000),
    });
  }
  return members;
}
