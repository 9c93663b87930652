import { loyaltyOver, MEMBER_ID, memberAnswer } from '../loyalty/loyalty-services.fixture';
import { ScriptedBackend } from '@omnigate/http-client/testing';
import { UpstreamError } from '@omnigate/problems';
import { MemberSuspended, UnknownMember } from '../members/members.errors';
import { AccrualsService } from './accruals.service';

const accrualsPath = `/members/${MEMBER_ID}/accruals`;

function accrualsOver(backend: ScriptedBackend) {
  const { client, members } = loyaltyOver(backend);
  return new AccrualsService(client, members);
}

describe('AccrualsService', () => {
  it('accrues once and sends the write unretried', async () => {
    const backend = new ScriptedBackend('loyalty').answer('POST', accrualsPath, 201, {
      transactionId: 'TX1',
      points: 120,
      balance: { availablePoints: 5520, pendingPoints: 0, lifetimePoints: 9000 },
    });

    const result = await accrualsOver(backend).accrue(MEMBER_ID, { reference: 'sale:1', points: 120 });

    expect(result).toEqual({
      transactionId: 'TX1',
      points: 120,
      availablePoints: 5520,
      alreadyRecorded: false,
    });
    expect(backend.calls[0]).toMatchObject({
      method: 'POST',
      idempotent: false,
      body: { reference: 'sale:1', points: 120 },
    });
  });

  it('answers a duplicate reference with the booking already made and the current balance', async () => {
    const backend = new ScriptedBackend('loyalty')
      .answer('POST', accrualsPath, 409, {
        errorCode: 'DUPLICATE_REFERENCE',
        message: 'Reference sale:1 was already accrued',
        transactionId: 'TX1',
      })
      .answer('GET', `/members/${MEMBER_ID}`, 200, memberAnswer(5520));

    const result = await accrualsOver(backend).accrue(MEMBER_ID, { reference: 'sale:1', points: 120 });

    expect(result).toEqual({
      transactionId: 'TX1',
      points: 120,
      availablePoints: 5520,
      alreadyRecorded: true,
    });
  });

  it('turns MEMBER_NOT_FOUND into unknown-member', async () => {
    const backend = new ScriptedBackend('loyalty').answer('POST', accrualsPath, 404, {
      errorCode: 'MEMBER_NOT_FOUND',
      message: 'x',
    });

    await expect(
      accrualsOver(backend).accrue(MEMBER_ID, { reference: 'sale:1', points: 120 }),
    ).rejects.toBeInstanceOf(UnknownMember);
  });

  it('turns MEMBER_SUSPENDED into member-suspended', async () => {
    const backend = new ScriptedBackend('loyalty').answer('POST', accrualsPath, 422, {
      errorCode: 'MEMBER_SUSPENDED',
      message: 'x',
    });

    await expect(
      accrualsOver(backend).accrue(MEMBER_ID, { reference: 'sale:1', points: 120 }),
    ).rejects.toBeInstanceOf(MemberSuspended);
  });

  it('reports a refusal it has no outcome for as the platform rejecting the call, without the vendor message', async () => {
    const backend = new ScriptedBackend('loyalty').answer('POST', accrualsPath, 422, {
      errorCode: 'POINTS_CAP',
      message: `member ${MEMBER_ID}`,
    });

    const error = await accrualsOver(backend)
      .accrue(MEMBER_ID, { reference: 'sale:1', points: 120 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).failure).toBe('rejected');
    expect((error as UpstreamError).message).toBe('loyalty accrue points: refused with 422 POINTS_CAP');
    expect(JSON.stringify(error)).not.toContain(MEMBER_ID);
  });
});
