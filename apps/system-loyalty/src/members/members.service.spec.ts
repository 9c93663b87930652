import { loyaltyOver, MEMBER_ID, memberAnswer } from '../loyalty/loyalty-services.fixture';
import { ScriptedBackend } from '@omnigate/http-client/testing';
import { UnknownMember } from './members.errors';

const memberPath = `/members/${MEMBER_ID}`;

describe('MembersService', () => {
  it('reads the account with its latest activity and serves a repeat from the cache', async () => {
    const backend = new ScriptedBackend('loyalty')
      .answer('GET', memberPath, 200, memberAnswer(5400))
      .answer('GET', `${memberPath}/transactions`, 200, {
        items: [
          {
            transactionId: 'TX1',
            kind: 'ACCRUAL',
            points: 120,
            reference: 'sale:1',
            createdAt: '2026-11-20T17:04:00.000Z',
          },
        ],
      });
    const { members } = loyaltyOver(backend);

    const first = await members.getAccount(MEMBER_ID);
    const second = await members.getAccount(MEMBER_ID);

    expect(first.value.availablePoints).toBe(5400);
    expect(first.value.recentActivity.map((a) => a.activityId)).toEqual(['TX1']);
    expect(second.state).toBe('fresh');
    expect(backend.callsTo('GET', memberPath)).toHaveLength(1);
    expect(backend.callsTo('GET', `${memberPath}/transactions`)[0].params).toEqual({ limit: 20 });
  });

  it('turns MEMBER_NOT_FOUND into unknown-member', async () => {
    const notFound = { errorCode: 'MEMBER_NOT_FOUND', message: `No member with number ${MEMBER_ID}` };
    const backend = new ScriptedBackend('loyalty')
      .answer('GET', memberPath, 404, notFound)
      .answer('GET', `${memberPath}/transactions`, 404, notFound);

    await expect(loyaltyOver(backend).members.getAccount(MEMBER_ID)).rejects.toBeInstanceOf(UnknownMember);
  });
});
