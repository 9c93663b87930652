import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ORDER_ACCESS_TOKEN_HEADER, PICKUP_ORDER_ID_PATTERN } from '@omnigate/contracts';
import { mayReachOrder, type PickupOrderOwner } from './pickup-order-access';
import { MoveNotAllowed } from '@omnigate/workflow';
import { PickupOrderNotFound } from './pickup-orders.errors';
import { PICKUP_ORDERS, type PickupOrders } from './pickup-order.workflow';

type OrderRequest = FastifyRequest<{ Params: { orderId?: string }; Body: { storeId?: unknown } | undefined }>;

/**
 * The order a request addresses, found before the idempotency interceptor runs, so that a refused
 * request records nothing. A malformed id is left to validation (400): it names no order anyway.
 */
async function addressedOrder(
  orders: PickupOrders,
  request: OrderRequest,
): Promise<PickupOrderOwner | 'malformed'> {
  const { orderId } = request.params;
  if (orderId === undefined || !PICKUP_ORDER_ID_PATTERN.test(orderId)) return 'malformed';
  const owner = await orders.store.find(orderId);
  if (!owner) throw new PickupOrderNotFound();
  return owner;
}

/** Lets a caller read or cancel an order only as its owner (see {@link mayReachOrder}); anyone else is told it does not exist. */
@Injectable()
export class PickupOrderOwnerGuard implements CanActivate {
  constructor(@Inject(PICKUP_ORDERS) private readonly orders: PickupOrders) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<OrderRequest>();
    const owner = await addressedOrder(this.orders, request);
    if (owner === 'malformed') return true;
    const token = request.headers[ORDER_ACCESS_TOKEN_HEADER];
    if (!mayReachOrder(owner, request.principal!.clientAppId, typeof token === 'string' ? token : undefined))
      throw new PickupOrderNotFound();
    return true;
  }
}

/**
 * Lets a store act on an order only when it is the order's store, whoever placed it: the storefront
 * places, the store fulfils. The edge binds each POS credential to the store it sends.
 */
@Injectable()
export class PickupOrderStoreGuard implements CanActivate {
  constructor(@Inject(PICKUP_ORDERS) private readonly orders: PickupOrders) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<OrderRequest>();
    const owner = await addressedOrder(this.orders, request);
    const storeId = request.body?.storeId;
    // A body without a store id is validation's to refuse.
    if (owner === 'malformed' || typeof storeId !== 'string') return true;
    if (owner.storeId !== storeId) throw new MoveNotAllowed(this.orders.name, 'store');
    return true;
  }
}
