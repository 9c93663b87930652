import { hashedPartOf, slotTag } from '@omnigate/redis';

const SEPARATOR = ':';

/** How a keyspace places its keys on a Redis Cluster. */
export interface CacheKeyspaceOptions<Part extends string> {
  /**
   * The part whose value is the key's hash tag: every key with the same value shares one cluster
   * slot, so one read of many (a store's SKUs) is one command. Unset: each key is placed alone.
   */
  slotBy?: Part;
}

/**
 * The keys of one cache namespace, `<namespace>:<part>:<part>...`: built and taken apart here and
 * nowhere else, so no reader depends on a part's position. A part may not hold the separator or a
 * brace (every id we key on is validated against a pattern without them); one that does is a bug,
 * and throws. The `slotBy` part is written as a hash tag, `stock:{ST-4821}:40213377`.
 */
export class CacheKeyspace<Part extends string> {
  constructor(
    readonly namespace: string,
    private readonly parts: readonly Part[],
    private readonly options: CacheKeyspaceOptions<Part> = {},
  ) {}

  key(values: Record<Part, string>): string {
    const written = this.parts.map((part) => {
      const value = checkedPart(values[part]);
      return part === this.options.slotBy ? slotTag(value) : value;
    });
    return [this.namespace, ...written].join(SEPARATOR);
  }

  /** The parts of a key this keyspace built. */
  parse(key: string): Record<Part, string> {
    const [namespace, ...written] = key.split(SEPARATOR);
    if (namespace !== this.namespace || written.length !== this.parts.length)
      throw new Error(`not a ${this.namespace} cache key: ${key}`);
    return Object.fromEntries(
      this.parts.map((part, i) => [
        part,
        part === this.options.slotBy ? hashedPartOf(written[i]) : written[i],
      ]),
    ) as Record<Part, string>;
  }
}

/** The namespace of any cache key, which labels cache metrics. */
export function namespaceOf(key: string): string {
  return key.split(SEPARATOR, 1)[0];
}

function checkedPart(value: string): string {
  if (value.includes(SEPARATOR)) throw new Error(`a cache key part may not contain '${SEPARATOR}': ${value}`);
  if (/[{}]/.test(value))
    throw new Error(`a cache key part may not contain a brace, which would move its hash slot: ${value}`);
  return value;
}
