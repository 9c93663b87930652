import { Bulkhead } from './bulkhead';

describe('Bulkhead', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('admits up to its limit at once and the next ones in arrival order as slots come back', async () => {
    const bulkhead = new Bulkhead(2);
    const admitted: string[] = [];
    const ask = (name: string) => bulkhead.acquire(10_000).then((ok) => ok && admitted.push(name));
    const asks = ['a', 'b', 'c', 'd'].map(ask);
    await Promise.resolve();
    expect(admitted).toEqual(['a', 'b']);
    expect(bulkhead.load).toEqual({ active: 2, queued: 2 });

    bulkhead.release();
    await Promise.resolve();
    expect(admitted).toEqual(['a', 'b', 'c']);
    bulkhead.release();
    await Promise.all(asks);
    expect(admitted).toEqual(['a', 'b', 'c', 'd']);
    expect(bulkhead.load).toEqual({ active: 2, queued: 0 });
  });

  it('gives up a wait that outlasts its caller, and the slot goes to the next one', async () => {
    const bulkhead = new Bulkhead(1);
    await bulkhead.acquire(0);
    const impatient = bulkhead.acquire(50);
    const patient = bulkhead.acquire(5_000);
    jest.advanceTimersByTime(50);
    await expect(impatient).resolves.toBe(false);
    bulkhead.release();
    await expect(patient).resolves.toBe(true);
    bulkhead.release();
    expect(bulkhead.load).toEqual({ active: 0, queued: 0 });
  });
});
