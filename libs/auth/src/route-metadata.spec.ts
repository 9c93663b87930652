import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RememberingReflector, routeMetadata } from './route-metadata';

const SCOPE = 'test:scope';

@SetMetadata(SCOPE, 'base')
class StockController {
  read(): void {}
  @SetMetadata(SCOPE, 'handler')
  write(): void {}
}
// Inherits `read` itself, the very same function, under a controller of its own metadata.
@SetMetadata(SCOPE, 'pos')
class PosStockController extends StockController {}

const contextOf = (controller: object, handler: object) =>
  ({ getClass: () => controller, getHandler: () => handler }) as unknown as ExecutionContext;

describe('routeMetadata', () => {
  it('reads the handler first, then its controller, and tells apart controllers sharing a handler', () => {
    const reflector = new Reflector();
    const { read, write } = StockController.prototype;
    expect(routeMetadata(reflector, SCOPE, contextOf(StockController, write))).toBe('handler');
    expect(routeMetadata(reflector, SCOPE, contextOf(StockController, read))).toBe('base');
    expect(routeMetadata(reflector, SCOPE, contextOf(PosStockController, read))).toBe('pos');
    expect(routeMetadata(reflector, 'test:absent', contextOf(PosStockController, read))).toBeUndefined();
  });

  it('reflects once per controller, handler and key, absent values included', () => {
    const reflector = new Reflector();
    const reflected = jest.spyOn(reflector, 'getAllAndOverride');
    class ReturnsController {
      accept(): void {}
    }
    const context = contextOf(ReturnsController, ReturnsController.prototype.accept);
    for (let i = 0; i < 3; i++) {
      expect(routeMetadata(reflector, SCOPE, context)).toBeUndefined();
      expect(routeMetadata(reflector, 'test:other', context)).toBeUndefined();
    }
    expect(reflected).toHaveBeenCalledTimes(2);
  });
});

describe('RememberingReflector', () => {
  const targets = (controller: Function, handler: Function) => [handler, controller];

  it("reads as Nest's Reflector does: the handler's value over its controller's, per controller", () => {
    const reflector = new RememberingReflector();
    const { read, write } = StockController.prototype;
    expect(reflector.getAllAndOverride(SCOPE, targets(StockController, write))).toBe('handler');
    expect(reflector.getAllAndOverride(SCOPE, targets(StockController, read))).toBe('base');
    expect(reflector.getAllAndOverride(SCOPE, targets(PosStockController, read))).toBe('pos');
    expect(reflector.getAllAndOverride('test:absent', targets(StockController, read))).toBeUndefined();
  });

  it('reads each route and key once: decorators set metadata before the first request', () => {
    const reflector = new RememberingReflector();
    class PickupController {
      place(): void {}
    }
    const { place } = PickupController.prototype;
    expect(reflector.getAllAndOverride('test:window', targets(PickupController, place))).toBeUndefined();
    Reflect.defineMetadata('test:window', 'burst', place);
    expect(reflector.getAllAndOverride('test:window', targets(PickupController, place))).toBeUndefined();
    expect(new Reflector().getAllAndOverride('test:window', targets(PickupController, place))).toBe('burst');
  });
});
