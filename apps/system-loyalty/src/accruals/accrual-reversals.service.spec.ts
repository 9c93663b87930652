import { ScriptedBackend } from '@omnigate/http-client/testing';
import { loyaltyOver, MEMBER_ID, memberAnswer } from '../loyalty/loyalty-services.fixture';
import { AccrualReversalsService } from './accrual-reversals.service';
import { ReversalExceedsAccrual, ReversalReferenceInUse, UnknownAccrual } from './accrual-reversals.errors';

const reversalsPath = '/accruals/sale%3A1/reversals';

function reversalsOver(backend: ScriptedBackend) {
  const { client, members } = loyaltyOver(backend);
  return new AccrualReversalsService(client, members);
}

describe('AccrualReversalsService', () => {
  it('reverses once and sends the write unretried', async () => {
    const backend = new ScriptedBackend('loyalty').answer('POST', reversalsPath, 201, {
      transactionId: 'TX9',
      accrualReference: 'sale:1',
      points: 60,
      remainingPoints: 40,
      balance: { availablePoints: 5460, pendingPoints: 0, lifetimePoints: 8940 },
    });
    const result = await reversalsOver(backend).reverse('sale:1', { reference: 'return:1', points: 60 });
    expect(result).toEqual({
      transactionId: 'TX9',
      accrualReference: 'sale:1',
      points: 60,
      remainingPoints: 40,
      availablePoints: 5460,
      alreadyRecorded: false,
    });
    expect(backend.calls[0]).toMatchObject({
      method: 'POST',
      idempotent: false,
      body: { reference: 'return:1', points: 60 },
    });
  });

  it('answers a repeat of the same reversal with the first one and the current balance', async () => {
    const backend = new ScriptedBackend('loyalty')
      .answer('POST', reversalsPath, 409, {
        errorCode: 'DUPLICATE_REFERENCE',
        transactionId: 'TX9',
        accrualReference: 'sale:1',
        points: 60,
        memberNumber: MEMBER_ID,
        remainingPoints: 40,
      })
      .answer('GET', `/members/${MEMBER_ID}`, 200, memberAnswer(5460));
    const result = await reversalsOver(backend).reverse('sale:1', { reference: 'return:1', points: 60 });
    expect(result).toEqual({
      transactionId: 'TX9',
      accrualReference: 'sale:1',
      points: 60,
      remainingPoints: 40,
      availablePoints: 5460,
      alreadyRecorded: true,
    });
  });

  it('refuses a reference first used for other points as reversal-reference-in-use', async () => {
    const backend = new ScriptedBackend('loyalty').answer('POST', reversalsPath, 409, {
      errorCode: 'DUPLICATE_REFERENCE',
      transactionId: 'TX9',
      accrualReference: 'sale:1',
      points: 60,
      memberNumber: MEMBER_ID,
      remainingPoints: 40,
    });
    await expect(
      reversalsOver(backend).reverse('sale:1', { reference: 'return:1', points: 30 }),
    ).rejects.toBeInstanceOf(ReversalReferenceInUse);
  });

  it('turns ACCRUAL_NOT_FOUND and REVERSAL_EXCEEDS_ACCRUAL into their outcomes', async () => {
    const unknown = new ScriptedBackend('loyalty').answer('POST', reversalsPath, 404, {
      errorCode: 'ACCRUAL_NOT_FOUND',
      message: 'x',
    });
    await expect(
      reversalsOver(unknown).reverse('sale:1', { reference: 'return:1', points: 1 }),
    ).rejects.toBeInstanceOf(UnknownAccrual);
    const beyond = new ScriptedBackend('loyalty').answer('POST', reversalsPath, 422, {
      errorCode: 'REVERSAL_EXCEEDS_ACCRUAL',
      message: 'x',
      remainingPoints: 40,
    });
    const error = await reversalsOver(beyond)
      .reverse('sale:1', { reference: 'return:1', points: 41 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReversalExceedsAccrual);
    expect((error as ReversalExceedsAccrual).extensions).toEqual({ remainingPoints: 40 });
  });
});
