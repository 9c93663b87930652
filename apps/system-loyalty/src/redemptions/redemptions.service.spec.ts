import { loyaltyOver, MEMBER_ID, memberAnswer } from '../loyalty/loyalty-services.fixture';
import { ScriptedBackend } from '@omnigate/http-client/testing';
import { MemberSuspended, UnknownMember } from '../members/members.errors';
import { InsufficientPoints, ReferenceUsedByAnotherMember, UnknownRedemption } from './redemptions.errors';
import { RedemptionsService } from './redemptions.service';

const redemptionsPath = `/members/${MEMBER_ID}/redemptions`;
const balance = { availablePoints: 4900, pendingPoints: 0, lifetimePoints: 9000 };
const redemption = { reference: 'hold_01', points: 500 };

function redemptionsOver(backend: ScriptedBackend) {
  const { client, members } = loyaltyOver(backend);
  return new RedemptionsService(client, members);
}

describe('RedemptionsService.redeem', () => {
  it('redeems once and answers the balance left', async () => {
    const backend = new ScriptedBackend('loyalty').answer('POST', redemptionsPath, 201, {
      redemptionId: 'RD1',
      points: 500,
      status: 'COMPLETED',
      balance,
    });

    const result = await redemptionsOver(backend).redeem(MEMBER_ID, redemption);

    expect(result).toEqual({
      redemptionId: 'RD1',
      points: 500,
      availablePoints: 4900,
      status: 'COMPLETED',
      alreadyRecorded: false,
    });
    expect(backend.calls[0].idempotent).toBe(false);
  });

  it('answers a duplicate reference with the earlier redemption, its points and status, and the current balance', async () => {
    const backend = new ScriptedBackend('loyalty')
      .answer('POST', redemptionsPath, 409, {
        errorCode: 'DUPLICATE_REFERENCE',
        message: 'x',
        redemptionId: 'RD1',
      })
      .answer('GET', '/redemptions/RD1', 200, {
        redemptionId: 'RD1',
        memberNumber: MEMBER_ID,
        reference: 'hold_01',
        points: 400,
        status: 'CANCELLED',
        createdAt: '2026-11-20T17:04:00.000Z',
      })
      .answer('GET', `/members/${MEMBER_ID}`, 200, memberAnswer(5300));

    const result = await redemptionsOver(backend).redeem(MEMBER_ID, redemption);

    expect(result).toEqual({
      redemptionId: 'RD1',
      points: 400,
      availablePoints: 5300,
      status: 'CANCELLED',
      alreadyRecorded: true,
    });
  });

  it("refuses a duplicate reference that names another member's redemption", async () => {
    const backend = new ScriptedBackend('loyalty')
      .answer('POST', redemptionsPath, 409, {
        errorCode: 'DUPLICATE_REFERENCE',
        message: 'x',
        redemptionId: 'RD9',
      })
      .answer('GET', '/redemptions/RD9', 200, {
        redemptionId: 'RD9',
        memberNumber: '6049999999999',
        reference: 'hold_01',
        points: 500,
        status: 'COMPLETED',
        createdAt: '',
      })
      .answer('GET', `/members/${MEMBER_ID}`, 200, memberAnswer(5300));

    await expect(redemptionsOver(backend).redeem(MEMBER_ID, redemption)).rejects.toBeInstanceOf(
      ReferenceUsedByAnotherMember,
    );
  });

  it('turns INSUFFICIENT_POINTS into insufficient-points with the points available', async () => {
    const backend = new ScriptedBackend('loyalty').answer('POST', redemptionsPath, 422, {
      errorCode: 'INSUFFICIENT_POINTS',
      message: 'x',
      availablePoints: 120,
    });

    const error = await redemptionsOver(backend)
      .redeem(MEMBER_ID, redemption)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InsufficientPoints);
    expect((error as InsufficientPoints).extensions).toEqual({ availablePoints: 120 });
  });

  it('turns MEMBER_SUSPENDED into member-suspended and MEMBER_NOT_FOUND into unknown-member', async () => {
    const suspended = new ScriptedBackend('loyalty').answer('POST', redemptionsPath, 422, {
      errorCode: 'MEMBER_SUSPENDED',
      message: 'x',
    });
    const unknown = new ScriptedBackend('loyalty').answer('POST', redemptionsPath, 404, {
      errorCode: 'MEMBER_NOT_FOUND',
      message: 'x',
    });

    await expect(redemptionsOver(suspended).redeem(MEMBER_ID, redemption)).rejects.toBeInstanceOf(
      MemberSuspended,
    );
    await expect(redemptionsOver(unknown).redeem(MEMBER_ID, redemption)).rejects.toBeInstanceOf(
      UnknownMember,
    );
  });
});

describe('RedemptionsService.cancel', () => {
  it('cancels and answers the balance after the points came back', async () => {
    const backend = new ScriptedBackend('loyalty').answer('POST', '/redemptions/RD1/cancel', 200, {
      redemptionId: 'RD1',
      status: 'CANCELLED',
      balance,
    });

    expect(await redemptionsOver(backend).cancel('RD1')).toEqual({
      redemptionId: 'RD1',
      status: 'CANCELLED',
      availablePoints: 4900,
      alreadyCancelled: false,
    });
  });

  it('treats ALREADY_CANCELLED as success, so a repeated cancel is safe', async () => {
    const backend = new ScriptedBackend('loyalty').answer('POST', '/redemptions/RD1/cancel', 409, {
      errorCode: 'ALREADY_CANCELLED',
      message: 'x',
    });

    expect(await redemptionsOver(backend).cancel('RD1')).toEqual({
      redemptionId: 'RD1',
      status: 'CANCELLED',
      alreadyCancelled: true,
    });
  });

  it('turns REDEMPTION_NOT_FOUND into unknown-redemption', async () => {
    const backend = new ScriptedBackend('loyalty').answer('POST', '/redemptions/RD0/cancel', 404, {
      errorCode: 'REDEMPTION_NOT_FOUND',
      message: 'x',
    });

    await expect(redemptionsOver(backend).cancel('RD0')).rejects.toBeInstanceOf(UnknownRedemption);
  });
});
