/**
 * Redis Cluster places a key by a hash of its hash tag, the part between the first `{` and the
 * next `}` when that part is not empty, and of the whole key otherwise. Keys that one script,
 * MULTI or MGET touches together must share a tag; every key family builds its tag with
 * {@link slotTag}, and nothing else in a key may hold a brace.
 */

/**
 * `value` as the hash tag of a key: every key holding it lands in one slot. A `}` inside `value`
 * ends the tag early, which moves the slot but still gives keys built from equal values one slot.
 */
export function slotTag(value: string): string {
  return `{${value}}`;
}

/** The part of `key` Redis Cluster hashes: keys with equal parts share a slot. */
export function hashedPartOf(key: string): string {
  const open = key.indexOf('{');
  if (open === -1) return key;
  const close = key.indexOf('}', open + 1);
  if (close === -1 || close === open + 1) return key;
  return key.slice(open + 1, close);
}
