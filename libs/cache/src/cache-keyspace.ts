const SEPARATOR = ':';

/**
 * The keys of one cache namespace, `<namespace>:<part>:<part>...`: built and taken apart here and
 * nowhere else, so no reader depends on a part's position. A part may not hold the separator (every
 * id we key on is validated against a pattern without it); one that does is a bug, and throws.
 */
export class CacheKeyspace<Part extends string> {
  constructor(
    readonly namespace: string,
    private readonly parts: readonly Part[],
  ) {}

  key(values: Record<Part, string>): string {
    return [this.namespace, ...this.parts.map((part) => checkedPart(values[part]))].join(SEPARATOR);
  }

  /** The parts of a key this keyspace built. */
  parse(key: string): Record<Part, string> {
    const [namespace, ...values] = key.split(SEPARATOR);
    if (namespace !== this.namespace || values.length !== this.parts.length) throw new Error(`not a ${this.namespace} cache key: ${key}`);
    return Object.fromEntries(this.parts.map((part, i) => [part, values[i]])) as Record<Part, string>;
  }
}

/** The namespace of any cache key, which labels cache metrics. */
export function namespaceOf(key: string): string {
  return key.split(SEPARATOR, 1)[0];
}

function checkedPart(value: string): string {
  if (value.includes(SEPARATOR)) throw new Error(`a cache key part may not contain '${SEPARATOR}': ${value}`);
  return value;
}
