import type { ExecutionContext, Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

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
  const controller = context.getClass();
  const handler = context.getHandler();
  let handlers = known.get(controller);
  if (!handlers) known.set(controller, (handlers = new WeakMap()));
  let values = handlers.get(handler);
  if (!values) handlers.set(handler, (values = new Map()));
  if (values.has(key)) return values.get(key) as T | undefined;
  const value = reflector.getAllAndOverride<T | undefined>(key, [handler, controller]);
  values.set(key, value);
  return value;
}
