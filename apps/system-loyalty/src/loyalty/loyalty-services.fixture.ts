import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { MemoryCacheStore, ReadThroughCache } from '@omnigate/cache';
import { callerKeyDigestsSetting } from '@omnigate/auth';
import { loadConfig } from '@omnigate/config';
import { MembersService } from '../members/members.service';
import { SystemLoyaltyConfig } from '../system-loyalty.config';
import { LoyaltyClient } from './loyalty.client';
import type { ScriptedBackend } from '@omnigate/http-client/testing';

/** A member number of the sandbox's card range, for specs. */
export const MEMBER_ID = '6041234567890';

/** The platform's member answer for {@link MEMBER_ID} with this many points available. */
export function memberAnswer(availablePoints: number) {
  return {
    member: {
      memberNumber: MEMBER_ID,
      firstName: 'Ava',
      lastName: 'Lee',
      email: 'ava.lee1@example.com',
      tier: 'SILVER',
      status: 'ACTIVE',
      enrolledAt: '2020-01-01T00:00:00.000Z',
    },
    balance: { availablePoints, pendingPoints: 0, lifetimePoints: availablePoints },
  };
}

/** The loyalty client and members service over a scripted platform, with a fresh in-memory cache. */
export function loyaltyOver(backend: ScriptedBackend) {
  const client = new LoyaltyClient(backend.asClient());
  const cache = new ReadThroughCache(new MemoryCacheStore(), pino({ level: 'silent' }));
  return {
    client,
    members: new MembersService(
      client,
      cache,
      loadConfig(SystemLoyaltyConfig, {
        INTERNAL_CALLER_KEY_DIGESTS: callerKeyDigestsSetting({
          'process-orders': randomBytes(24).toString('hex'),
        }),
      }),
    ),
  };
}
