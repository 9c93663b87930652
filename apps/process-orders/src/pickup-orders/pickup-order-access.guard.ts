import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ORDER_ACCESS_TOKEN_HEADER, PICKUP_ORDER_ID_PATTERN } from '@omnigate/contracts';
import { mayReachOrder } from './pickup-order-access';
import { PickupOrderNotFound } from './pickup-orders.errors';
import { PickupOrdersRepository } from './pickup-orders.repository';

/**
 * Lets a caller reach an order (read, cancel) only as its owner; anyone else is told the order does
 * not exist. A guard, so that a refusal runs before the idempotency interceptor and records nothing.
 */
@Injectable()
export class PickupOrderAccessGuard implements CanActivate {
  constructor(private readonly orders: PickupOrdersRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { orderId?: string } }>>();
    const { orderId } = request.params;
    // A malformed id is validation's to answer (400); it names no order anyway.
    if (orderId === undefined || !PICKUP_ORDER_ID_PATTERN.test(orderId)) return true;
    const owner = await this.orders.ownerOf(orderId);
    const token = request.headers[ORDER_ACCESS_TOKEN_HEADER];
    if (!owner || !mayReachOrder(owner, request.principal!.clientAppId, typeof token === 'string' ? token : undefined)) {
      throw new PickupOrderNotFound();
    }
    return true;
  }
}
