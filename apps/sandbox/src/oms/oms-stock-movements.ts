import { Injectable } from '@nestjs/common';
import { SandboxClock } from '../sandbox-clock';
import { readVendorBody } from '../vendor-body';
import { mintUniqueId, randomDigits } from '../vendor-ids';
import { RetailerWorld } from '../world/retailer-world';
import { omsError } from './oms-error';
import { StockMovementRequest, type StockMovementReason } from './oms.dto';

/** Goods booked into a location: returned to sellable stock, or to the damaged bin, which nobody can sell. */
export interface StockMovement {
  movementId: string;
  movementRef: string;
  locationId: string;
  reason: StockMovementReason;
  lines: { sku: string; quantity: number }[];
  createdAt: string;
}

function invalid(problems: string[]) {
  return omsError(400, 'VALIDATION_FAILED', problems.join('; '));
}

/**
 * The WMS's inbound stock movements. RETURN_TO_STOCK raises on-hand (so available) stock at the
 * location; RETURN_DAMAGED books the goods into the damaged bin, which is not sellable stock. A
 * known movementRef answers the existing movement and moves nothing more.
 */
@Injectable()
export class OmsStockMovements {
  private movements = new Map<string, StockMovement>();
  private byRef = new Map<string, StockMovement>();
  private damaged = new Map<string, number>();

  constructor(
    private readonly world: RetailerWorld,
    private readonly clock: SandboxClock,
  ) {}

  book(body: unknown): { created: boolean; movement: StockMovement } {
    const request = readVendorBody(StockMovementRequest, body, invalid);
    const existing = this.byRef.get(request.movementRef);
    if (existing) return { created: false, movement: existing };
    if (!this.world.store(request.locationId))
      throw omsError(422, 'UNKNOWN_LOCATION', `No location ${request.locationId}`, {
        locationId: request.locationId,
      });
    const unknown = request.lines.find((l) => !this.world.product(l.sku));
    if (unknown) throw omsError(422, 'UNKNOWN_SKU', `No item ${unknown.sku}`, { sku: unknown.sku });
    const now = this.clock.now();
    for (const { sku, quantity } of request.lines) {
      if (request.reason === 'RETURN_DAMAGED') {
        const key = `${request.locationId}:${sku}`;
        this.damaged.set(key, (this.damaged.get(key) ?? 0) + quantity);
        continue;
      }
      const level = this.world.stockAt(request.locationId, sku);
      if (level) {
        level.onHand += quantity;
        level.lastChangedAt = now;
      }
    }
    const movement: StockMovement = {
      movementId: mintUniqueId(this.movements, () => `SM${randomDigits(10)}`),
      movementRef: request.movementRef,
      locationId: request.locationId,
      reason: request.reason,
      lines: request.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      createdAt: new Date(now).toISOString(),
    };
    this.movements.set(movement.movementId, movement);
    this.byRef.set(movement.movementRef, movement);
    return { created: true, movement };
  }

  reset(): void {
    this.movements = new Map();
    this.byRef = new Map();
    this.damaged = new Map();
  }
}
