import { AdmissionGate, WorkNotAdmitted } from './admission-gate';

describe('AdmissionGate', () => {
  afterEach(() => jest.useRealTimers());

  it('admits up to maxInFlight at once, queues up to maxQueued, and refuses the next at once', async () => {
    const gate = new AdmissionGate('placements', { maxInFlight: 2, maxQueued: 1 });
    const first = await gate.enter(undefined);
    await gate.enter(undefined);
    const queued = gate.enter(undefined);
    expect(gate.state()).toEqual({ inFlight: 2, queued: 1 });

    await expect(gate.enter(undefined)).rejects.toBeInstanceOf(WorkNotAdmitted);
    first();
    await expect(queued).resolves.toBeInstanceOf(Function);
    expect(gate.state()).toEqual({ inFlight: 2, queued: 0 });
  });

  it('gives a run back once however often its release is called', async () => {
    const gate = new AdmissionGate('placements', { maxInFlight: 1, maxQueued: 0 });
    const release = await gate.enter(undefined);
    release();
    release();
    expect(gate.state()).toEqual({ inFlight: 0, queued: 0 });
    await gate.enter(undefined);
    await expect(gate.enter(undefined)).rejects.toMatchObject({
      type: 'process-overloaded',
      kind: 'overloaded',
      retryAfterS: 1,
    });
  });

  it("refuses a waiter whose caller's deadline passes in the queue, and never starts its work", async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const gate = new AdmissionGate('placements', { maxInFlight: 1, maxQueued: 5 });
    const running = await gate.enter(undefined);
    const waiting = gate.enter(Date.now() + 500);
    const outcome = waiting.then(
      () => 'admitted',
      (error: unknown) => (error instanceof WorkNotAdmitted ? 'refused' : 'other'),
    );
    jest.advanceTimersByTime(499);
    expect(gate.state().queued).toBe(1);
    jest.advanceTimersByTime(1);
    await expect(outcome).resolves.toBe('refused');
    expect(gate.state()).toEqual({ inFlight: 1, queued: 0 });
    running();
    expect(gate.state()).toEqual({ inFlight: 0, queued: 0 });
  });
});
