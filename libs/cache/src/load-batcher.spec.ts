import { AsyncLocalStorage } from 'node:async_hooks';
import { LoadBatcher } from './load-batcher';

const storeOf = (key: string) => key.split('/')[0];

/** A backend that answers every key with its name in capitals, and records each call. */
function backend() {
  const calls: string[][] = [];
  const load = async (keys: string[]) => {
    calls.push([...keys].sort());
    return new Map(keys.filter((k) => !k.endsWith('unknown')).map((k) => [k, k.toUpperCase()]));
  };
  return { calls, load };
}

describe('LoadBatcher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends the loads of one group asked within the window as one call, each asker getting its own keys', async () => {
    const erp = backend();
    const batcher = new LoadBatcher(erp.load, {
      windowMs: 2,
      maxKeys: 100,
      maxInFlightPerGroup: 4,
      minGapMs: 0,
      groupOf: storeOf,
    });
    const first = batcher.load(['s1/a', 's1/b']);
    jest.advanceTimersByTime(1);
    const second = batcher.load(['s1/c', 's1/a', 's1/unknown']);
    expect(erp.calls).toEqual([]);
    jest.advanceTimersByTime(1);

    expect(await first).toEqual(
      new Map([
        ['s1/a', 'S1/A'],
        ['s1/b', 'S1/B'],
      ]),
    );
    expect(await second).toEqual(
      new Map([
        ['s1/c', 'S1/C'],
        ['s1/a', 'S1/A'],
      ]),
    );
    expect(erp.calls).toEqual([['s1/a', 's1/b', 's1/c', 's1/unknown']]);
  });

  it('keeps groups apart, and opens a new batch once the window has closed', async () => {
    const erp = backend();
    const batcher = new LoadBatcher(erp.load, {
      windowMs: 2,
      maxKeys: 100,
      maxInFlightPerGroup: 4,
      minGapMs: 0,
      groupOf: storeOf,
    });
    const together = Promise.all([batcher.load(['s1/a']), batcher.load(['s2/a'])]);
    jest.advanceTimersByTime(2);
    await together;
    const later = batcher.load(['s1/b']);
    jest.advanceTimersByTime(2);
    await later;
    expect(erp.calls).toEqual([['s1/a'], ['s2/a'], ['s1/b']]);
  });

  it('sends a full batch at once and starts the next one with the keys beyond it', async () => {
    const erp = backend();
    const batcher = new LoadBatcher(erp.load, {
      windowMs: 2,
      maxKeys: 3,
      maxInFlightPerGroup: 4,
      minGapMs: 0,
      groupOf: storeOf,
    });
    const answer = batcher.load(['s1/a', 's1/b', 's1/c', 's1/d']);
    expect(erp.calls).toEqual([['s1/a', 's1/b', 's1/c']]);
    jest.advanceTimersByTime(2);
    expect(await answer).toEqual(new Map(['s1/a', 's1/b', 's1/c', 's1/d'].map((k) => [k, k.toUpperCase()])));
    expect(erp.calls).toEqual([['s1/a', 's1/b', 's1/c'], ['s1/d']]);
  });

  it("gathers a group's keys while its calls are all out, and sends them together when one comes back", async () => {
    const calls: string[][] = [];
    const answers: ((m: Map<string, string>) => void)[] = [];
    const batcher = new LoadBatcher(
      (keys) => {
        calls.push(keys);
        return new Promise<Map<string, string>>((resolve) => answers.push(resolve));
      },
      { windowMs: 2, maxKeys: 100, maxInFlightPerGroup: 1, minGapMs: 0, groupOf: storeOf },
    );
    const first = batcher.load(['s1/a']);
    jest.advanceTimersByTime(2);
    const waiting = [batcher.load(['s1/b']), batcher.load(['s1/c'])];
    jest.advanceTimersByTime(2);
    const later = batcher.load(['s1/d']);
    jest.advanceTimersByTime(10);
    expect(calls).toEqual([['s1/a']]);

    answers[0](new Map([['s1/a', 'A']]));
    expect(await first).toEqual(new Map([['s1/a', 'A']]));
    expect(calls).toEqual([['s1/a'], ['s1/b', 's1/c', 's1/d']]);
    answers[1](
      new Map([
        ['s1/b', 'B'],
        ['s1/d', 'D'],
      ]),
    );
    expect(await Promise.all([...waiting, later])).toEqual([
      new Map([['s1/b', 'B']]),
      new Map(),
      new Map([['s1/d', 'D']]),
    ]);
  });

  it('loads a batch in the request context of its first asker (its deadline, its correlation id)', async () => {
    const request = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    const batcher = new LoadBatcher(
      async (keys) => {
        seen.push(request.getStore());
        return new Map(keys.map((k) => [k, k]));
      },
      { windowMs: 2, maxKeys: 100, maxInFlightPerGroup: 1, minGapMs: 0, groupOf: storeOf },
    );
    const asks = [
      request.run('first', () => batcher.load(['s1/a'])),
      request.run('second', () => batcher.load(['s1/b'])),
    ];
    jest.advanceTimersByTime(2);
    await Promise.all(asks);
    expect(seen).toEqual(['first']);
  });

  it('fails every asker of a batch whose call failed, and the next batch asks again', async () => {
    let fail = true;
    const batcher = new LoadBatcher(
      async (keys) => {
        if (fail) throw new Error('ERP down');
        return new Map(keys.map((k) => [k, k]));
      },
      { windowMs: 2, maxKeys: 100, maxInFlightPerGroup: 4, minGapMs: 0, groupOf: storeOf },
    );
    const asks = [batcher.load(['s1/a']), batcher.load(['s1/b'])];
    jest.advanceTimersByTime(2);
    for (const ask of asks) await expect(ask).rejects.toThrow('ERP down');
    fail = false;
    const retry = batcher.load(['s1/a']);
    jest.advanceTimersByTime(2);
    expect(await retry).toEqual(new Map([['s1/a', 's1/a']]));
  });

  it("holds a group's next call until the gap since its last one has passed, gathering the keys that miss meanwhile", async () => {
    const erp = backend();
    const batcher = new LoadBatcher(erp.load, {
      windowMs: 2,
      maxKeys: 3,
      maxInFlightPerGroup: 1,
      minGapMs: 20,
      groupOf: storeOf,
    });
    const first = batcher.load(['s1/a']);
    const otherStore = batcher.load(['s2/a']);
    jest.advanceTimersByTime(2);
    await Promise.all([first, otherStore]);
    expect(erp.calls).toEqual([['s1/a'], ['s2/a']]);

    // s1's last call went out at 2 ms: its next may go at 22 ms.
    const soon = batcher.load(['s1/b']);
    jest.advanceTimersByTime(5);
    const later = batcher.load(['s1/c']);
    jest.advanceTimersByTime(14);
    expect(erp.calls).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(await Promise.all([soon, later])).toEqual([
      new Map([['s1/b', 'S1/B']]),
      new Map([['s1/c', 'S1/C']]),
    ]);
    expect(erp.calls).toEqual([['s1/a'], ['s2/a'], ['s1/b', 's1/c']]);

    // A full batch does not wait for the gap.
    const full = batcher.load(['s1/d', 's1/e', 's1/f']);
    expect(erp.calls).toHaveLength(4);
    expect(await full).toEqual(new Map(['s1/d', 's1/e', 's1/f'].map((k) => [k, k.toUpperCase()])));
  });
});
