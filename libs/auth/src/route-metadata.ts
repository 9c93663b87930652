import type { ExecutionContext, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/** Metadata read so far, per controller and handler: decorators set it once, before the first request. */
const known = new WeakMap<Type, WeakMap<object, Map<string, unknown>>>();

/**
 * Reads a metadata value from the route handler, falling back to its controller. Read once per
 * controller, handler and key, then remembered: the guards ask on every request, and reflecting
 * each time cost several microseconds of a cached read.
 */
export function routeMetadata<T>(
  reflector: Reflector,
  key: string,
  context: ExecutionContext,
): T | undefined {
  const handler = context.getHandler();
  const controller = context.getClass();
  return remembered(handler, controller, key, () =>
    reflector.getAllAndOverride<T | undefined>(key, [handler, controller]),
  );
}

/**
 * What `work` makes of a route's metadata, worked out on the route's first request and remembered
 * under `key` (a name of the caller's own, apart from the metadata keys) for the app's life.
 */
export function perRoute<T>(context: ExecutionContext, key: string, work: () => T): T {
  return remembered(context.getHandler(), context.getClass(), key, work);
}

/** What a Map holds for a key read as `undefined`, so one lookup tells "unset" from "not read yet". */
const UNSET = Symbol('unset');

function remembered<T>(handler: object, controller: Type, key: string, read: () => T): T {
  let handlers = known.get(controller);
  if (!handlers) known.set(controller, (handlers = new WeakMap()));
  let values = handlers.get(handler);
  if (!values) handlers.set(handler, (values = new Map()));
  const value = values.get(key);
  if (value !== undefined) return (value === UNSET ? undefined : value) as T;
  const found = read();
  values.set(key, found === undefined ? UNSET : found);
  return found;
}

/**
 * A Reflector whose handler-then-controller reads ({@link Reflector.getAllAndOverride} with a
 * string key) are remembered as {@link routeMetadata}'s are: for a library guard that asks on every
 * request (`@nestjs/throttler`'s asks six keys per window).
 */
export class RememberingReflector extends Reflector {
  override getAllAndOverride<TResult = any, TKey = any>(
    metadataKey: TKey,
    targets: (Type<any> | Function)[],
  ): TResult {
    const [handler, controller] = targets;
    if (typeof metadataKey !== 'string' || targets.length !== 2 || !handler || !controller)
      return super.getAllAndOverride<TResult, TKey>(metadataKey, targets);
    return remembered(handler, controller as Type, metadataKey, () =>
      super.getAllAndOverride<TResult, TKey>(metadataKey, targets),
    );
  }
}
