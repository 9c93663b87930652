import { ErpAvailability, postingLedgerMigrations, SharedErpQuota } from '@omnigate/erp-postings';
import { migrate, type Database } from '@omnigate/persistence';
import { dropSchemas, openTestDatabase, uniqueSchema } from '../persistence/test-databases';

/** Whether a promise has settled yet, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  return (await Promise.race([promise, Promise.resolve(pending)])) !== pending;
}

describe('what posting workers know of the ERP refusing work (postgres, two replicas)', () => {
  const schema = uniqueSchema('availability');
  let replicas: Database[];
  let quotas: SharedErpQuota[];

  beforeAll(async () => {
    replicas = [await openTestDatabase('postgres', schema), await openTestDatabase('postgres', schema)];
    await migrate(replicas[0], postingLedgerMigrations);
    quotas = replicas.map((db) => new SharedErpQuota(db, { maxConcurrency: 4, maxRatePerS: 50, leaseS: 10 }));
    await quotas[0].ensure();
  });
  afterAll(async () => {
    await Promise.all(replicas.map((db) => db.close()));
    await dropSchemas('postgres', schema);
  });

  it('lets postings call at once while the ERP takes work', async () => {
    const availability = new ErpAvailability(quotas[0]);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => availability.hold(5_000)));
    expect(outcomes.map((o) => o.verdict)).toEqual(Array(20).fill('call'));
  });

  it("holds postings through another replica's refusal window, then lets one probe and the rest follow once it landed", async () => {
    const [here, there] = [new ErpAvailability(quotas[0]), new ErpAvailability(quotas[1])];
    await here.current();
    // The other replica's call was refused: the ERP is down for about 600 ms.
    await quotas[1].markUnavailable(0.6, 'ERP unavailable: answered 503');
    there.refused(0.6);
    // This replica's cached read is at most 200 ms old: it sees the refusal within that.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const startedAt = Date.now();
    const held = Array.from({ length: 5 }, () => here.hold(10_000));

    const first = await Promise.race(held);
    expect(first.verdict).toBe('probe');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(200);
    // The others wait for the probe's outcome rather than all calling the ERP at once.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const stillHeld = await Promise.all(held.map(settled));
    expect(stillHeld.filter((s) => !s)).toHaveLength(4);

    here.landed();
    here.probeEnded();
    const outcomes = await Promise.all(held);
    expect(outcomes.map((o) => o.verdict).sort()).toEqual(['call', 'call', 'call', 'call', 'probe']);
  });

  it('sends the held postings back to waiting when the probe is refused again, and puts them back once their hold ran out', async () => {
    const availability = new ErpAvailability(quotas[0]);
    await quotas[0].markUnavailable(0.2, 'ERP unavailable: answered 503');
    const probe = await availability.hold(5_000);
    expect(probe.verdict).toBe('probe');

    const held = [availability.hold(400), availability.hold(400)];
    await quotas[0].markUnavailable(5, 'ERP unavailable: answered 503');
    availability.refused(5);
    availability.probeEnded();
    const outcomes = await Promise.all(held);
    expect(outcomes.map((o) => o.verdict)).toEqual(['put-back', 'put-back']);
    expect(outcomes[0].state.erpUnavailableForMs).toBeGreaterThan(4_000);
  });

  it('puts held postings back at once when the app stops', async () => {
    const availability = new ErpAvailability(quotas[0]);
    await quotas[0].markUnavailable(30, 'ERP unavailable: maintenance');
    const startedAt = Date.now();
    const held = availability.hold(20_000);
    availability.stop();
    expect((await held).verdict).toBe('put-back');
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });
});
