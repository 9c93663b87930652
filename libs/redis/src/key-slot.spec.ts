import { hashedPartOf, slotTag } from './key-slot';

describe('key slots', () => {
  it('hashes the tag of a key, as Redis Cluster does', () => {
    expect(hashedPartOf(`omnigate:cache:stock:${slotTag('ST-4821')}:40213377`)).toBe('ST-4821');
    expect(hashedPartOf('omnigate:rl:{web}:burst:30')).toBe('web');
    expect(hashedPartOf('omnigate:rl:{web}:{x}')).toBe('web');
  });

  it('hashes the whole key when it has no tag, or an empty or unclosed one', () => {
    expect(hashedPartOf('omnigate:cache:product:40213377')).toBe('omnigate:cache:product:40213377');
    expect(hashedPartOf('a{}b{c}')).toBe('a{}b{c}');
    expect(hashedPartOf('a{bc')).toBe('a{bc');
  });

  it('keeps keys built from one value in one slot, even a value holding a brace', () => {
    const odd = 'pos-a1:REG}1';
    expect(hashedPartOf(`p:rl:${slotTag(odd)}:burst:30`)).toBe(
      hashedPartOf(`p:rl:${slotTag(odd)}:sustained:60`),
    );
  });
});
