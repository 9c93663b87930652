import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { changeFaults, resetSandbox, startSandbox, type SeedSummary } from '../sandbox-test-app.fixture';

const MEMBERS = '/loyalty/api/v2/members';

describe('the simulated loyalty SaaS', () => {
  let app: NestFastifyApplication;
  let seed: SeedSummary;

  beforeAll(async () => {
    app = await startSandbox();
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    seed = await resetSandbox(app);
  });

  const memberWith = (points: number) =>
    seed.members.find((m) => m.status === 'ACTIVE' && m.points >= points)!;
  const balance = async (memberNumber: string) =>
    (await app.inject({ method: 'GET', url: `${MEMBERS}/${memberNumber}` })).json().balance;
  const redeem = (memberNumber: string, reference: string, points: number) =>
    app.inject({
      method: 'POST',
      url: `${MEMBERS}/${memberNumber}/redemptions`,
      payload: { reference, points },
    });

  it('takes redeemed points off the balance and gives them back on cancel, once', async () => {
    const { memberNumber, points } = memberWith(1000);
    const redeemed = await redeem(memberNumber, 'RED-1', 400);
    expect(redeemed.statusCode).toBe(201);
    expect(redeemed.json()).toMatchObject({
      points: 400,
      status: 'COMPLETED',
      balance: { availablePoints: points - 400 },
    });

    const { redemptionId } = redeemed.json();
    const cancelled = await app.inject({
      method: 'POST',
      url: `/loyalty/api/v2/redemptions/${redemptionId}/cancel`,
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({
      redemptionId,
      status: 'CANCELLED',
      balance: { availablePoints: points },
    });

    const again = await app.inject({
      method: 'POST',
      url: `/loyalty/api/v2/redemptions/${redemptionId}/cancel`,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().errorCode).toBe('ALREADY_CANCELLED');
    expect((await balance(memberNumber)).availablePoints).toBe(points);

    const history = (
      await app.inject({ method: 'GET', url: `${MEMBERS}/${memberNumber}/transactions?limit=5` })
    ).json().items;
    expect(history.map((t: { kind: string }) => t.kind)).toEqual(['REDEMPTION_CANCEL', 'REDEMPTION']);
  });

  it('refuses to redeem more points than the member has, changing nothing', async () => {
    const { memberNumber, points } = memberWith(0);
    const answer = await redeem(memberNumber, 'RED-2', points + 1);
    expect(answer.statusCode).toBe(422);
    expect(answer.json().errorCode).toBe('INSUFFICIENT_POINTS');
    expect((await balance(memberNumber)).availablePoints).toBe(points);
  });

  it('refuses to redeem for a suspended member', async () => {
    const suspended = seed.members.find((m) => m.status === 'SUSPENDED')!;
    const answer = await redeem(suspended.memberNumber, 'RED-3', 1);
    expect(answer.statusCode).toBe(422);
    expect(answer.json().errorCode).toBe('MEMBER_SUSPENDED');
  });

  it('refuses a repeated reference and names what it already booked', async () => {
    const { memberNumber, points } = memberWith(1000);
    const first = (await redeem(memberNumber, 'RED-4', 100)).json();
    const repeated = await redeem(memberNumber, 'RED-4', 100);
    expect(repeated.statusCode).toBe(409);
    expect(repeated.json()).toMatchObject({
      errorCode: 'DUPLICATE_REFERENCE',
      redemptionId: first.redemptionId,
    });

    const accrue = () =>
      app.inject({
        method: 'POST',
        url: `${MEMBERS}/${memberNumber}/accruals`,
        payload: { reference: 'ACC-1', points: 50 },
      });
    const accrued = await accrue();
    expect(accrued.statusCode).toBe(201);
    const repeatedAccrual = await accrue();
    expect(repeatedAccrual.statusCode).toBe(409);
    expect(repeatedAccrual.json()).toMatchObject({
      errorCode: 'DUPLICATE_REFERENCE',
      transactionId: accrued.json().transactionId,
    });
    expect((await balance(memberNumber)).availablePoints).toBe(points - 100 + 50);
  });

  it('answers an unknown member with MEMBER_NOT_FOUND', async () => {
    const answer = await app.inject({ method: 'GET', url: `${MEMBERS}/0000000000000` });
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toEqual({ errorCode: 'MEMBER_NOT_FOUND', message: expect.any(String) });
  });

  it('refuses an accrual of no points', async () => {
    const answer = await app.inject({
      method: 'POST',
      url: `${MEMBERS}/${memberWith(0).memberNumber}/accruals`,
      payload: { reference: 'ACC-2', points: 0 },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errorCode).toBe('VALIDATION_FAILED');
  });

  it('finds transactions of any member by reference, with their member', async () => {
    const { memberNumber } = memberWith(1000);
    await app.inject({
      method: 'POST',
      url: `${MEMBERS}/${memberNumber}/accruals`,
      payload: { reference: 'SALE-21', points: 40 },
    });
    await redeem(memberNumber, 'HOLD-21', 100);
    await app.inject({
      method: 'POST',
      url: `${MEMBERS}/${memberNumber}/accruals`,
      payload: { reference: 'SALE-22', points: 5 },
    });
    const found = await app.inject({
      method: 'GET',
      url: '/loyalty/api/v2/transactions?references=SALE-21,HOLD-21,NOTHING',
    });
    expect(found.statusCode).toBe(200);
    expect(
      found
        .json()
        .items.map((t: { reference: string; kind: string; points: number; memberNumber: string }) => [
          t.reference,
          t.kind,
          t.points,
          t.memberNumber,
        ]),
    ).toEqual([
      ['SALE-21', 'ACCRUAL', 40, memberNumber],
      ['HOLD-21', 'REDEMPTION', 100, memberNumber],
    ]);
    expect((await app.inject({ method: 'GET', url: '/loyalty/api/v2/transactions' })).statusCode).toBe(400);
  });

  it('acknowledges the next loseAccruals accruals without booking them', async () => {
    const { memberNumber } = memberWith(0);
    const start = (await balance(memberNumber)).availablePoints;
    await changeFaults(app, 'loyalty', { loseAccruals: 1 });
    const lost = await app.inject({
      method: 'POST',
      url: `${MEMBERS}/${memberNumber}/accruals`,
      payload: { reference: 'LOST-7', points: 70 },
    });
    expect(lost.statusCode).toBe(201);
    expect(lost.json().transactionId).toMatch(/^TX\d{12}$/);
    const kept = await app.inject({
      method: 'POST',
      url: `${MEMBERS}/${memberNumber}/accruals`,
      payload: { reference: 'KEPT-7', points: 7 },
    });
    expect(kept.statusCode).toBe(201);
    expect((await balance(memberNumber)).availablePoints).toBe(start + 7);
    const found = await app.inject({
      method: 'GET',
      url: '/loyalty/api/v2/transactions?references=LOST-7,KEPT-7',
    });
    expect(found.json().items.map((t: { reference: string }) => t.reference)).toEqual(['KEPT-7']);
  });

  it('acknowledges the next loseRedemptions redemptions without taking or booking them', async () => {
    const { memberNumber } = memberWith(100);
    const start = (await balance(memberNumber)).availablePoints;
    await changeFaults(app, 'loyalty', { loseRedemptions: 1 });
    const lost = await redeem(memberNumber, 'LOST-HOLD-3', 30);
    expect(lost.statusCode).toBe(201);
    expect(lost.json()).toMatchObject({ points: 30, status: 'COMPLETED' });
    expect(lost.json().redemptionId).toMatch(/^RD\d{10}$/);
    const kept = await redeem(memberNumber, 'KEPT-HOLD-3', 3);
    expect(kept.statusCode).toBe(201);
    expect((await balance(memberNumber)).availablePoints).toBe(start - 3);
    const found = await app.inject({
      method: 'GET',
      url: '/loyalty/api/v2/transactions?references=LOST-HOLD-3,KEPT-HOLD-3',
    });
    expect(found.json().items.map((t: { reference: string }) => t.reference)).toEqual(['KEPT-HOLD-3']);
    const lookup = await app.inject({
      method: 'GET',
      url: `/loyalty/api/v2/redemptions/${lost.json().redemptionId}`,
    });
    expect(lookup.statusCode).toBe(404);
  });

  it('reverses part of an accrual once per reference, never more than it accrued', async () => {
    const { memberNumber } = memberWith(0);
    const start = (await balance(memberNumber)).availablePoints;
    const accrued = await app.inject({
      method: 'POST',
      url: `${MEMBERS}/${memberNumber}/accruals`,
      payload: { reference: 'SALE-9', points: 100 },
    });
    expect(accrued.statusCode).toBe(201);
    const reverse = (reference: string, points: number, accrual = 'SALE-9') =>
      app.inject({
        method: 'POST',
        url: `/loyalty/api/v2/accruals/${accrual}/reversals`,
        payload: { reference, points },
      });

    const first = await reverse('RET-1', 60);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      accrualReference: 'SALE-9',
      points: 60,
      remainingPoints: 40,
      balance: { availablePoints: start + 40 },
    });
    const again = await reverse('RET-1', 60);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      errorCode: 'DUPLICATE_REFERENCE',
      transactionId: first.json().transactionId,
      points: 60,
      memberNumber,
    });
    const beyond = await reverse('RET-2', 41);
    expect(beyond.statusCode).toBe(422);
    expect(beyond.json()).toMatchObject({ errorCode: 'REVERSAL_EXCEEDS_ACCRUAL', remainingPoints: 40 });
    expect((await reverse('RET-3', 1, 'NO-SUCH-SALE')).statusCode).toBe(404);
    expect((await balance(memberNumber)).availablePoints).toBe(start + 40);
  });
});
