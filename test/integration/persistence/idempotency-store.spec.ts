import {
  idempotencyMigrations,
  IdempotencyStore,
  fingerprintRequest,
  type BeginOutcome,
  type IdempotencyClaim,
} from '@omnigate/idempotency';
import { migrate, type Database } from '@omnigate/persistence';
import { BACKENDS, dropSchemas, openTestDatabase, uniqueSchema } from './test-databases';

const order = fingerprintRequest('POST', '/v1/pickup-orders', {
  storeId: 's-1',
  lines: [{ sku: 'sku-1', quantity: 2 }],
});
const otherOrder = fingerprintRequest('POST', '/v1/pickup-orders', {
  storeId: 's-1',
  lines: [{ sku: 'sku-1', quantity: 3 }],
});
const answer = {
  status: 201,
  headers: { 'content-type': 'application/json', location: '/v1/pickup-orders/o-1' },
  body: { orderId: 'o-1' },
};
const placedOrder = { type: 'pickup-order', id: 'o-1' };

/** The claim of a request that was let through; fails the test for any other outcome. */
function claimOf(outcome: BeginOutcome): IdempotencyClaim {
  if (outcome.kind !== 'started') throw new Error(`expected the request to start, got ${outcome.kind}`);
  return outcome.claim;
}

describe.each(BACKENDS)('IdempotencyStore on %s', (backend) => {
  const schema = uniqueSchema('idem');
  let db: Database;
  let store: IdempotencyStore;
  let n = 0;
  const freshKey = () => `key-${++n}`;
  const start = async (key: string, fingerprint = order) =>
    claimOf(await store.begin('pos-app', key, fingerprint));
  /** Lets the lock of the request holding `key` lapse, as if its process had died. */
  const lapseLock = (key: string) =>
    db.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE key = $1`, [key]);

  beforeAll(async () => {
    db = await openTestDatabase(backend, schema);
    await migrate(db, idempotencyMigrations);
    await db.query('CREATE TABLE pickup_orders (order_id text PRIMARY KEY)');
    store = new IdempotencyStore(db, { ttlHours: 24 });
  });
  afterAll(async () => {
    await db.close();
    await dropSchemas(backend, schema);
  });

  it('starts the first request and replays its stored answer to a retry of the same request', async () => {
    const key = freshKey();
    const claim = await start(key);
    await store.complete(claim, answer.status, answer.headers, answer.body);
    expect(await store.begin('pos-app', key, order)).toEqual({ kind: 'replay', ...answer });
  });

  it('lets exactly one of many concurrent requests with one key start; the others see it in flight', async () => {
    const key = freshKey();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => store.begin('pos-app', key, order)));
    expect(outcomes.filter((o) => o.kind === 'started')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'in-flight')).toHaveLength(7);
  });

  it('refuses the same key with a different request, in flight or completed', async () => {
    const key = freshKey();
    const claim = await start(key);
    expect(await store.begin('pos-app', key, otherOrder)).toEqual({ kind: 'mismatch' });
    await store.complete(claim, answer.status, answer.headers, answer.body);
    expect(await store.begin('pos-app', key, otherOrder)).toEqual({ kind: 'mismatch' });
  });

  it('keeps keys of different client apps apart', async () => {
    const key = freshKey();
    await start(key);
    expect((await store.begin('storefront-app', key, otherOrder)).kind).toBe('started');
  });

  it('treats an expired record as absent, for any request', async () => {
    const key = freshKey();
    await store.complete(await start(key), answer.status, answer.headers, answer.body);
    await db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [
      key,
    ]);
    expect((await store.begin('pos-app', key, otherOrder)).kind).toBe('started');
  });

  it('lets a retry take over a request whose holder died before committing anything, but not with another payload', async () => {
    const key = freshKey();
    await start(key);
    await lapseLock(key);
    expect(await store.begin('pos-app', key, otherOrder)).toEqual({ kind: 'mismatch' });
    expect((await store.begin('pos-app', key, order)).kind).toBe('started');
    expect(await store.begin('pos-app', key, order)).toEqual({ kind: 'in-flight' });
  });

  it('lets a retry run again after the first attempt failed on our side before committing anything', async () => {
    const key = freshKey();
    await store.abandon(await start(key));
    expect((await store.begin('pos-app', key, order)).kind).toBe('started');
  });

  it('replays a stored 4xx answer like any other', async () => {
    const key = freshKey();
    const problem = {
      type: 'https://omnigate.dev/problems/insufficient-stock',
      title: 'Not enough stock',
      status: 409,
    };
    await store.complete(await start(key), 409, { 'content-type': 'application/problem+json' }, problem);
    expect(await store.begin('pos-app', key, order)).toMatchObject({
      kind: 'replay',
      status: 409,
      body: problem,
    });
  });

  describe('a key bound to the resource its request committed', () => {
    const place = (claim: IdempotencyClaim, orderId: string) =>
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO pickup_orders (order_id) VALUES ($1)', [orderId]);
        await claim.bind(tx, { type: 'pickup-order', id: orderId });
      });

    it('answers a retry with the resource once the holder died after the commit, never letting it run again', async () => {
      const key = freshKey();
      await place(await start(key), 'o-1');
      // The holder still runs past the retry's wait: the committed order, as still running.
      expect(await store.begin('pos-app', key, order)).toEqual({
        kind: 'bound',
        resource: placedOrder,
        stillRunning: true,
      });
      await lapseLock(key);
      expect(await store.begin('pos-app', key, order)).toEqual({ kind: 'bound', resource: placedOrder });
      expect(await store.begin('pos-app', key, order)).toEqual({ kind: 'bound', resource: placedOrder });
      expect(await store.begin('pos-app', key, otherOrder)).toEqual({ kind: 'mismatch' });
    });

    it('keeps the binding when the request fails on our side after the commit, answering the retry at once', async () => {
      const key = freshKey();
      const claim = await start(key);
      await place(claim, 'o-2');
      await store.abandon(claim);
      expect(await store.begin('pos-app', key, order)).toEqual({
        kind: 'bound',
        resource: { type: 'pickup-order', id: 'o-2' },
      });
    });

    it('binds nothing when the transaction rolls back, so the retry may run', async () => {
      const key = freshKey();
      const claim = await start(key);
      await expect(
        db.transaction(async (tx) => {
          await claim.bind(tx, { type: 'pickup-order', id: 'o-rolled-back' });
          throw new Error('OMS connection reset');
        }),
      ).rejects.toThrow('OMS connection reset');
      await store.abandon(claim);
      expect((await store.begin('pos-app', key, order)).kind).toBe('started');
    });

    it('forgets the binding undone in the transaction that forgets the resource', async () => {
      const key = freshKey();
      const claim = await start(key);
      await place(claim, 'o-refused');
      await db.transaction(async (tx) => {
        await tx.query('DELETE FROM pickup_orders WHERE order_id = $1', ['o-refused']);
        await claim.unbind(tx);
      });
      await lapseLock(key);
      expect((await store.begin('pos-app', key, order)).kind).toBe('started');
    });

    it('replays the recorded answer rather than the resource once the request completed', async () => {
      const key = freshKey();
      const claim = await start(key);
      await place(claim, 'o-3');
      await store.complete(claim, answer.status, answer.headers, answer.body);
      expect(await store.begin('pos-app', key, order)).toEqual({ kind: 'replay', ...answer });
    });

    it('refuses to bind, and so to commit, for a request whose key a retry took over', async () => {
      const key = freshKey();
      const stale = await start(key);
      await lapseLock(key);
      const retry = await start(key);

      await expect(place(stale, 'o-stale')).rejects.toMatchObject({ type: 'idempotency-key-in-flight' });
      expect(await db.query('SELECT order_id FROM pickup_orders WHERE order_id = $1', ['o-stale'])).toEqual(
        [],
      );
      await place(retry, 'o-retry');
      // Neither the answer nor the release of the stale request touches the retry's record.
      await store.complete(stale, 409, {}, { type: 'stale' });
      await store.abandon(stale);
      await lapseLock(key);
      expect(await store.begin('pos-app', key, order)).toEqual({
        kind: 'bound',
        resource: { type: 'pickup-order', id: 'o-retry' },
      });
    });
  });

  it('purges expired records and only those', async () => {
    const [expired, live] = [freshKey(), freshKey()];
    await store.begin('purge-app', expired, order);
    await store.begin('purge-app', live, order);
    await db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [
      expired,
    ]);
    expect(await store.purgeExpired()).toBe(1);
    expect(await db.query(`SELECT key FROM idempotency_keys WHERE scope = 'purge-app'`)).toEqual([
      { key: live },
    ]);
  });

  it('refuses to keep keys for less than 24 hours', () => {
    expect(() => new IdempotencyStore(db, { ttlHours: 23 })).toThrow(RangeError);
  });
});
