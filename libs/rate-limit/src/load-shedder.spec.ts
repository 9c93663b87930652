import { upstreamSaturated } from '@omnigate/observability';
import { LoadShedder } from './load-shedder';

describe('LoadShedder', () => {
  let shedder: LoadShedder;
  afterEach(() => shedder.onModuleDestroy());

  it('sheds browse first, standard at a higher load and critical only at the hard limit', () => {
    shedder = new LoadShedder({ maxInFlight: { browse: 2, standard: 3, critical: 4 } });
    const releases = [shedder.tryAdmit('critical'), shedder.tryAdmit('critical')];
    expect(shedder.state.shedding).toEqual(['browse']);
    releases.push(shedder.tryAdmit('critical'));
    expect(shedder.tryAdmit('browse')).toBeUndefined();
    expect(shedder.tryAdmit('standard')).toBeUndefined();
    releases.push(shedder.tryAdmit('critical'));
    expect(shedder.tryAdmit('critical')).toBeUndefined();
    releases.forEach((release) => release?.());
    releases.forEach((release) => release?.());
    expect(shedder.state.inFlight).toBe(0);
    expect(shedder.tryAdmit('browse')).toBeDefined();
  });

  it('sheds browse that depends on a saturated upstream, and serves browse that does not', () => {
    shedder = new LoadShedder();
    shedder.markUpstreamSaturated('system-erp', true);
    expect(shedder.tryAdmit('browse', ['system-erp', 'system-pos'])).toBeUndefined();
    expect(shedder.tryAdmit('browse', ['process-orders'])).toBeDefined();
    expect(shedder.tryAdmit('browse', ['system-pos'])).toBeDefined();
    expect(shedder.state).toMatchObject({ saturatedUpstreams: ['system-erp'], shedding: [] });
  });

  it('never sheds standard or critical traffic for a saturated upstream', () => {
    shedder = new LoadShedder();
    shedder.markUpstreamSaturated('system-erp', true);
    expect(shedder.sheds('standard', ['system-erp'])).toBe(false);
    expect(shedder.sheds('critical', ['system-erp'])).toBe(false);
    expect(shedder.sheds('critical')).toBe(false);
  });

  it('sheds browse of a route that names no upstreams while any upstream is saturated', () => {
    shedder = new LoadShedder();
    expect(shedder.sheds('browse')).toBe(false);
    shedder.markUpstreamSaturated('system-loyalty', true);
    expect(shedder.sheds('browse')).toBe(true);
    expect(shedder.sheds('browse', [])).toBe(false);
  });

  it('serves again once the upstream recovers, and says so in its metric', async () => {
    shedder = new LoadShedder();
    const saturation = async () =>
      (await upstreamSaturated.get()).values.find((v) => v.labels.backend === 'system-oms')?.value;
    shedder.markUpstreamSaturated('system-oms', true);
    shedder.markUpstreamSaturated('system-erp', true);
    expect(await saturation()).toBe(1);
    shedder.markUpstreamSaturated('system-oms', false);
    expect(shedder.sheds('browse', ['system-oms'])).toBe(false);
    expect(shedder.sheds('browse', ['system-erp'])).toBe(true);
    expect(await saturation()).toBe(0);
  });

  it('sheds by event-loop delay', async () => {
    // The stall is real (Node's event-loop histogram measures it); only the sampler's interval is
    // faked, so the test moves it once the stall is recorded instead of racing it on a busy machine.
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask', 'Date'] });
    try {
      shedder = new LoadShedder({
        maxEventLoopDelayMs: { browse: 50, standard: 120, critical: 5_000 },
        sampleIntervalMs: 100,
      });
      expect(shedder.state.shedding).toEqual([]);
      // The histogram's first tick only starts its clock; let it tick before the stall.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const until = Date.now() + 250;
      while (Date.now() < until) {
        // Block the event loop, as a CPU-bound request would.
      }
      // The histogram records the stall on its own (real) timer, overdue by then; on a busy machine
      // that may take a few turns of the loop, so the sampler is moved until the stall reaches it
      // (a sample taken before resets the histogram without it; the stall lands in a later one).
      let shedding: string[] = [];
      for (let turn = 0; turn < 50 && !shedding.includes('standard'); turn++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        jest.advanceTimersByTime(100);
        shedding = shedder.state.shedding;
      }
      expect(shedding).toEqual(['standard', 'browse']);
      jest.advanceTimersByTime(100);
      expect(shedder.state.shedding).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses thresholds that do not rise with priority', () => {
    expect(() => new LoadShedder({ maxInFlight: { browse: 10, standard: 5, critical: 20 } })).toThrow(
      'maxInFlight',
    );
  });
});
