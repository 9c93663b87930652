import { createHash } from 'node:crypto';

/** One step of writing canonical JSON: text as is, a value still to write, or the end of a container. */
type Step = string | { value: unknown } | { leave: object };

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  );
}

/**
 * JSON with object keys sorted at every depth, so equal bodies serialize alike whatever their key
 * order. Written with a stack of its own, not recursion: a body's depth must not decide whether
 * the process survives it.
 */
export function canonicalJson(root: unknown): string {
  const out: string[] = [];
  const open = new Set<object>();
  const steps: Step[] = [{ value: root }];
  while (steps.length > 0) {
    const step = steps.pop()!;
    if (typeof step === 'string') {
      out.push(step);
      continue;
    }
    if ('leave' in step) {
      open.delete(step.leave);
      continue;
    }
    const value = hasToJson(step.value) ? step.value.toJSON() : step.value;
    if (value === null || typeof value !== 'object') {
      out.push(JSON.stringify(value) ?? 'null');
      continue;
    }
    if (open.has(value)) throw new TypeError('Converting circular structure to JSON');
    open.add(value);
    steps.push({ leave: value });
    // Pushed last to first, so that they are written first to last.
    if (Array.isArray(value)) {
      out.push('[');
      steps.push(']');
      for (let i = value.length - 1; i >= 0; i--) {
        steps.push({ value: value[i] ?? null });
        if (i > 0) steps.push(',');
      }
    } else {
      const record = value as Record<string, unknown>;
      const names = Object.keys(record)
        .filter((name) => record[name] !== undefined)
        .sort();
      out.push('{');
      steps.push('}');
      for (let i = names.length - 1; i >= 0; i--) {
        steps.push({ value: record[names[i]] });
        steps.push(`${i > 0 ? ',' : ''}${JSON.stringify(names[i])}:`);
      }
    }
  }
  return out.join('');
}

/** SHA-256 (hex) of method, path with query, and canonical JSON body: what "the same request" means for a key. */
export function fingerprintRequest(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()}\n${url}\n${body === undefined ? '' : canonicalJson(body)}`)
    .digest('hex');
}
