import { Client } from 'pg';
import { startApp } from '../../support/app-process';
import { DEV_KEYS, DEV_STORES, WITHOUT_PLANS } from '../../support/experience-stack';
import type { AppProcess } from '../../support/app-process';
import {
  OrdersClient,
  type OrdersStack,
  membersWith,
  pointsOf,
  startExperienceOver,
  startOrdersStack,
  stopOrdersStack,
  until,
} from '../../support/orders-stack';
import { DATABASE_URL } from '../../support/stack';
import {
  cancelsOf,
  loyaltyRedemptionOf,
  loyaltyRedemptionStatus,
  posWrite,
  type RedemptionBody,
  redemptionOf,
  redemptionWhen,
  stepsOf,
} from './till-redemption-support';

describe('an uncaptured till redemption expiring', () => {
  let stack: OrdersStack;
  let pos: AppProcess;
  let orders: OrdersClient;
  let members: string[];
  let db: Client;
  const store = DEV_STORES[0];
  const till: string = DEV_KEYS.posStore1Register;

  beforeAll(async () => {
    // Holds last four seconds: their expiry comes due within the test.
    stack = await startOrdersStack({ database: 'postgres', orders: { TILL_REDEMPTION_HOLD_S: '4' } });
    pos = await startExperienceOver(stack, 'experience-pos', WITHOUT_PLANS);
    orders = new OrdersClient(stack);
    members = await membersWith(stack.sandbox, (m) => m.status === 'ACTIVE' && m.points >= 1_000);
    db = new Client({ connectionString: DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await pos?.stop();
    await stopOrdersStack(stack);
  });

  async function authorize(memberId: string, points: number) {
    const before = await pointsOf(stack.sandbox, memberId);
    const authorized = await posWrite<RedemptionBody>(pos, till, '/v1/loyalty/redemptions', {
      storeId: store,
      memberId,
      points,
    });
    expect(authorized.status).toBe(201);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(before - points);
    return { redemption: authorized.body, before };
  }

  /** The hold's expiry job as pg-boss keeps it. */
  async function expiryJob(redemptionId: string): Promise<{ state: string; dueInMs: number } | undefined> {
    const { rows } = await db.query<{ state: string; due_in_ms: string }>(
      `SELECT state, (EXTRACT(EPOCH FROM start_after - now()) * 1000)::bigint AS due_in_ms
         FROM "${stack.schema}_jobs".job WHERE name = 'till-redemption.expire' AND data ->> 'redemptionId' = $1`,
      [redemptionId],
    );
    return rows[0] && { state: rows[0].state, dueInMs: Number(rows[0].due_in_ms) };
  }

  async function stateInDatabase(redemptionId: string): Promise<string> {
    const { rows } = await db.query<{ state: string }>(
      `SELECT state FROM "${stack.schema}".workflow_instances WHERE workflow = 'till-redemption' AND instance_id = $1`,
      [redemptionId],
    );
    return rows[0].state;
  }

  it('expires a hold not captured in time and gives the points back once', async () => {
    const memberId = members[0];
    const { redemption, before } = await authorize(memberId, 120);

    const expired = await redemptionWhen(
      orders,
      redemption.redemptionId,
      'expired and released',
      (r) => r.state === 'EXPIRED' && stepsOf(r).includes('points-released'),
    );
    expect(stepsOf(expired)).toEqual(['authorization-started', 'points-held', 'expired', 'points-released']);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(before);
    expect(await loyaltyRedemptionStatus(stack, loyaltyRedemptionOf(redemption))).toBe('CANCELLED');

    // Nothing is captured or voided later: the expired hold refuses both with its state.
    for (const move of ['capture', 'void']) {
      const refused = await posWrite(
        pos,
        till,
        `/v1/loyalty/redemptions/${redemption.redemptionId}/${move}`,
        { storeId: store },
      );
      expect(refused.status).toBe(409);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ currentState: 'EXPIRED' });
    }
    expect(await cancelsOf(stack, loyaltyRedemptionOf(redemption))).toBe(1);
    expect(expired.postings).toEqual([]);
  });

  it('releases after a restart a hold that expired while process-orders was down', async () => {
    const memberId = members[1];
    const { redemption, before } = await authorize(memberId, 140);
    // The expiry is a delayed job in PostgreSQL, not a timer of the process.
    const job = await expiryJob(redemption.redemptionId);
    expect(job).toMatchObject({ state: 'created' });
    expect(job!.dueInMs).toBeGreaterThan(0);

    await stack.orders.stop('SIGKILL');
    // Down past the expiry, by the database's clock that pg-boss schedules with.
    await until(
      'the hold expiry due',
      async () => ((await expiryJob(redemption.redemptionId))!.dueInMs < -1_000 ? true : undefined),
      30_000,
      200,
    );
    expect(await stateInDatabase(redemption.redemptionId)).toBe('AUTHORIZED');
    expect(await pointsOf(stack.sandbox, memberId)).toBe(before - 140);

    stack.orders = await startApp('process-orders', stack.ordersEnv);
    const released = await redemptionWhen(
      orders,
      redemption.redemptionId,
      'expired and released after restart',
      (r) => r.state === 'EXPIRED' && stepsOf(r).includes('points-released'),
    );
    expect(stepsOf(released).filter((s) => s === 'points-released')).toHaveLength(1);
    expect(await pointsOf(stack.sandbox, memberId)).toBe(before);
    expect(await loyaltyRedemptionStatus(stack, loyaltyRedemptionOf(redemption))).toBe('CANCELLED');
    expect(await cancelsOf(stack, loyaltyRedemptionOf(redemption))).toBe(1);
    expect((await redemptionOf(orders, redemption.redemptionId)).state).toBe('EXPIRED');
  });
});
