import { idempotencyMigrations, IdempotencyStore, fingerprintRequest } from '@omnigate/idempotency';
import { migrate, type Database } from '@omnigate/persistence';
import { BACKENDS, dropSchemas, openTestDatabase, uniqueSchema } from './test-databases';

const order = fingerprintRequest('POST', '/v1/pickup-orders', { storeId: 's-1', lines: [{ sku: 'sku-1', quantity: 2 }] });
const otherOrder = fingerprintRequest('POST', '/v1/pickup-orders', { storeId: 's-1', lines: [{ sku: 'sku-1', quantity: 3 }] });
const answer = { status: 201, headers: { 'content-type': 'application/json', location: '/v1/pickup-orders/o-1' }, body: { orderId: 'o-1' } };

describe.each(BACKENDS)('IdempotencyStore on %s', (backend) => {
  const schema = uniqueSchema('idem');
  let db: Database;
  let store: IdempotencyStore;
  let n = 0;
  const freshKey = () => `key-${++n}`;

  beforeAll(async () => {
    db = await openTestDatabase(backend, schema);
    await migrate(db, idempotencyMigrations);
    store = new IdempotencyStore(db, { ttlHours: 24 });
  });
  afterAll(async () => {
    await db.close();
    await dropSchemas(backend, schema);
  });

  it('starts the first request and replays its stored answer to a retry of the same request', async () => {
    const key = freshKey();
    expect(await store.begin('pos-app', key, order)).toEqual({ kind: 'started' });
    await store.complete('pos-app', key, answer.status, answer.headers, answer.body);
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
    await store.begin('pos-app', key, order);
    expect(await store.begin('pos-app', key, otherOrder)).toEqual({ kind: 'mismatch' });
    await store.complete('pos-app', key, answer.status, answer.headers, answer.body);
    expect(await store.begin('pos-app', key, otherOrder)).toEqual({ kind: 'mismatch' });
  });

  it('keeps keys of different client apps apart', async () => {
    const key = freshKey();
    await store.begin('pos-app', key, order);
    expect(await store.begin('storefront-app', key, otherOrder)).toEqual({ kind: 'started' });
  });

  it('treats an expired record as absent, for any request', async () => {
    const key = freshKey();
    await store.begin('pos-app', key, order);
    await store.complete('pos-app', key, answer.status, answer.headers, answer.body);
    await db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
    expect(await store.begin('pos-app', key, otherOrder)).toEqual({ kind: 'started' });
  });

  it('lets a retry take over a request whose holder died (lock lapsed), but not with another payload', async () => {
    const key = freshKey();
    await store.begin('pos-app', key, order);
    await db.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE key = $1`, [key]);
    expect(await store.begin('pos-app', key, otherOrder)).toEqual({ kind: 'mismatch' });
    expect(await store.begin('pos-app', key, order)).toEqual({ kind: 'started' });
    expect(await store.begin('pos-app', key, order)).toEqual({ kind: 'in-flight' });
  });

  it('lets a retry run again after the first attempt failed on our side and was abandoned', async () => {
    const key = freshKey();
    await store.begin('pos-app', key, order);
    await store.abandon('pos-app', key);
    expect(await store.begin('pos-app', key, order)).toEqual({ kind: 'started' });
  });

  it('replays a stored 4xx answer like any other', async () => {
    const key = freshKey();
    await store.begin('pos-app', key, order);
    const problem = { type: 'https://omnigate.dev/problems/insufficient-stock', title: 'Not enough stock', status: 409 };
    await store.complete('pos-app', key, 409, { 'content-type': 'application/problem+json' }, problem);
    expect(await store.begin('pos-app', key, order)).toMatchObject({ kind: 'replay', status: 409, body: problem });
  });

  it('purges expired records and only those', async () => {
    const [expired, live] = [freshKey(), freshKey()];
    await store.begin('purge-app', expired, order);
    await store.begin('purge-app', live, order);
    await db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [expired]);
    expect(await store.purgeExpired()).toBe(1);
    expect(await db.query(`SELECT key FROM idempotency_keys WHERE scope = 'purge-app'`)).toEqual([{ key: live }]);
  });

  it('refuses to keep keys for less than 24 hours', () => {
    expect(() => new IdempotencyStore(db, { ttlHours: 23 })).toThrow(RangeError);
  });
});
