import { createHash, timingSafeEqual } from 'node:crypto';
import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';

/** What a control tower credential allows: looking, or looking and mending. */
export type TowerRole = 'viewer' | 'operator';

/** Who presented a control tower credential, and what they may do. */
export interface TowerPerson {
  person: string;
  role: TowerRole;
}

const ENTRY = '[a-z0-9][a-z0-9._-]{0,63}:[0-9a-f]{64}';
const SETTING = new RegExp(`^${ENTRY}(,${ENTRY})*$`);

/** Validates a `person:sha256,...` setting. */
export const IsTowerKeyDigests = () =>
  applyDecorators(
    IsString(),
    Matches(SETTING, { message: '$property must be person:sha256-of-key pairs separated by commas' }),
  );

/** The SHA-256 digest of a control tower key, as the settings list it. */
export const towerKeyDigest = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** Tells who a presented key belongs to, holding only the digests; compares against every digest in constant time. */
export class TowerKeyRing {
  private readonly entries: { person: string; role: TowerRole; digest: Buffer }[];

  constructor(settings: Partial<Record<TowerRole, string | undefined>>) {
    this.entries = (Object.entries(settings) as [TowerRole, string | undefined][]).flatMap(([role, raw]) =>
      (raw ?? '')
        .split(',')
        .filter((e) => e !== '')
        .map((entry) => {
          const [person, digest] = entry.split(':');
          return { person, role, digest: Buffer.from(digest, 'hex') };
        }),
    );
  }

  identify(key: string): TowerPerson | undefined {
    const presented = createHash('sha256').update(key, 'utf8').digest();
    let found: TowerPerson | undefined;
    for (const { person, role, digest } of this.entries) {
      if (timingSafeEqual(presented, digest)) found = { person, role };
    }
    return found;
  }
}
