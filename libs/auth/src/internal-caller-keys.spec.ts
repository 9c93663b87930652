import { CallerKeyRing } from './caller-key.ring';
import {
  callerKeyDigestsOffenders,
  callerKeyDigestsSetting,
  internalKeyDigest,
  newInternalKey,
  parseCallerKeyDigests,
} from './internal-caller-keys';

const digestOf = (key: string) => internalKeyDigest(key);

describe('INTERNAL_CALLER_KEY_DIGESTS', () => {
  it('reads each caller and its one or two key digests', () => {
    const [a, b, c] = [digestOf('key-a'), digestOf('key-b'), digestOf('key-c')];
    const parsed = parseCallerKeyDigests(` process-orders:${a}|${b} , operator:${c}`);
    expect([...parsed]).toEqual([
      ['process-orders', [a, b]],
      ['operator', [c]],
    ]);
  });

  it('names every offender: unknown callers, repeats, three keys, malformed digests', () => {
    const d = digestOf('key-a');
    const offenders = callerKeyDigestsOffenders(
      `shop:${d},process-orders:${digestOf('x')},process-orders:${digestOf('y')},operator:${digestOf('1')}|${digestOf('2')}|${digestOf('3')},metrics-scraper:abc,experience-pos`,
    );
    expect(offenders).toEqual([
      expect.stringContaining("unknown caller 'shop'"),
      "caller 'process-orders' is named twice",
      expect.stringContaining("caller 'operator' has 3 keys"),
      expect.stringContaining("caller 'metrics-scraper': 'abc...' is not the 64 lowercase hex digits"),
      expect.stringContaining("'experience-pos' is not caller:digest"),
    ]);
    expect(() => parseCallerKeyDigests(`operator:${d},experience-pos:${d}`)).toThrow(
      /INTERNAL_CALLER_KEY_DIGESTS: .*listed twice/,
    );
  });

  it('reads an empty value as nobody', () => {
    expect(parseCallerKeyDigests('').size).toBe(0);
  });

  it('writes a setting that the ring reads back to the right callers', () => {
    const keys = {
      current: newInternalKey('process-orders'),
      next: newInternalKey('process-orders'),
      operator: newInternalKey('operator'),
    };
    const ring = CallerKeyRing.parse(
      callerKeyDigestsSetting({ 'process-orders': [keys.current, keys.next], operator: keys.operator }),
    );
    expect(ring.identify(keys.current)).toBe('process-orders');
    expect(ring.identify(keys.next)).toBe('process-orders');
    expect(ring.identify(keys.operator)).toBe('operator');
    expect(ring.identify(newInternalKey('operator'))).toBeUndefined();
    expect(keys.current.length).toBeGreaterThanOrEqual(24);
  });
});
