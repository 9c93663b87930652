import { jsonNestingExceeds } from './json-nesting';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('JSON nesting depth', () => {
  it('accepts a body exactly as deep as the limit and refuses one level more', () => {
    expect(jsonNestingExceeds(bytes(arrays(32)), 32)).toBe(false);
    expect(jsonNestingExceeds(bytes(arrays(33)), 32)).toBe(true);
    expect(jsonNestingExceeds(bytes(objects(32)), 32)).toBe(false);
    expect(jsonNestingExceeds(bytes(objects(33)), 32)).toBe(true);
  });

  it('counts arrays and objects inside one another together', () => {
    expect(jsonNestingExceeds(bytes('{"lines":[{"sku":[1]}]}'), 3)).toBe(true);
    expect(jsonNestingExceeds(bytes('{"lines":[{"sku":[1]}]}'), 4)).toBe(false);
  });

  it('measures depth, not how many arrays and objects a wide body has', () => {
    const wide = JSON.stringify({
      lines: Array.from({ length: 5_000 }, (_, i) => ({ sku: String(i), quantity: 1 })),
    });
    expect(jsonNestingExceeds(bytes(wide), 3)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ note: '[[[[{{{{ "quoted [[[[" \\ [[[[', other: '\\' });
    expect(jsonNestingExceeds(bytes(text), 1)).toBe(false);
    expect(jsonNestingExceeds(bytes(JSON.stringify({ a: '\\', b: [[1]] })), 2)).toBe(true);
  });

  it('reads multi-byte characters without mistaking their bytes for brackets', () => {
    expect(jsonNestingExceeds(bytes(JSON.stringify({ name: 'Zoë 💳 「店」', tags: ['ß'] })), 2)).toBe(false);
  });

  it('scans a body 100,000 levels deep without recursion', () => {
    expect(jsonNestingExceeds(bytes(arrays(100_000)), 32)).toBe(true);
    expect(jsonNestingExceeds(bytes(`"${'['.repeat(100_000)}"`), 32)).toBe(false);
  });
});
