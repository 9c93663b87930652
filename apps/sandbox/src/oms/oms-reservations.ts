import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SandboxClock } from '../sandbox-clock';
import { readVendorBody } from '../vendor-body';
import { mintUniqueId, randomDigits } from '../vendor-ids';
import { RetailerWorld } from '../world/retailer-world';
import { StockReservationRequest, type OmsLine } from './oms.dto';
import { omsError } from './oms-error';
import { RESERVATION_MOVES, type ReservationStatus } from './stock-reservation.process';

/** Stock held at a location for a caller until it is consumed, released or expires. */
export interface StockReservation {
  reservationId: string;
  reservationRef: string;
  locationId: string;
  status: ReservationStatus;
  expiresAt: string;
  lines: OmsLine[];
  createdAt: string;
  updatedAt: string;
}

export const SWEEP_INTERVAL_MS = 1000;

function invalid(problems: string[]) {
  return omsError(400, 'VALIDATION_FAILED', problems.join('; '));
}

function totalsBySku(lines: OmsLine[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of lines) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return totals;
}

/**
 * The OMS's stock reservations over the shared stock: reserving raises `reserved` (which the ERP
 * reports), releasing or expiring gives it back, consuming takes the goods off `onHand` too.
 * Expiry is checked on every access and by a 1 s sweep.
 */
@Injectable()
export class OmsReservations implements OnModuleInit, OnModuleDestroy {
  private reservations = new Map<string, StockReservation>();
  private byRef = new Map<string, StockReservation>();
  private active = new Map<string, { reservation: StockReservation; expiresAtMs: number }>();
  // Earliest expiry among active reservations (may be stale-early): lets most accesses skip the sweep.
  private nextExpiryAt = Number.POSITIVE_INFINITY;
  private stopSweep?: () => void;

  constructor(
    private readonly world: RetailerWorld,
    private readonly clock: SandboxClock,
  ) {}

  onModuleInit(): void {
    this.stopSweep = this.clock.every(SWEEP_INTERVAL_MS, () => this.expireDue());
  }

  onModuleDestroy(): void {
    this.stopSweep?.();
  }

  /** Reserves every line or nothing; a known reservationRef returns the existing reservation. */
  reserve(body: unknown): { created: boolean; reservation: StockReservation } {
    const request = readVendorBody(StockReservationRequest, body, invalid);
    this.expireDue();
    const existing = this.byRef.get(request.reservationRef);
    if (existing) return { created: false, reservation: existing };
    const now = this.clock.now();
    const expiresAtMs = Date.parse(request.expiresAt);
    if (expiresAtMs <= now) throw invalid(['expiresAt must be in the future']);
    if (!this.world.store(request.locationId)) {
      throw omsError(422, 'UNKNOWN_LOCATION', `No location ${request.locationId}`, {
        locationId: request.locationId,
      });
    }
    const totals = totalsBySku(request.lines);
    for (const [sku, quantity] of totals) {
      const level = this.world.stockAt(request.locationId, sku);
      const available = level ? Math.max(0, level.onHand - level.reserved) : 0;
      if (available < quantity) {
        throw omsError(
          409,
          'INSUFFICIENT_STOCK',
          `Only ${available} of ${sku} available at ${request.locationId}`,
          { sku, available },
        );
      }
    }
    for (const [sku, quantity] of totals) {
      const level = this.world.stockAt(request.locationId, sku)!;
      level.reserved += quantity;
      level.lastChangedAt = now;
    }
    const stamp = new Date(now).toISOString();
    const reservation: StockReservation = {
      reservationId: mintUniqueId(this.reservations, () => `RS${randomDigits(10)}`),
      reservationRef: request.reservationRef,
      locationId: request.locationId,
      status: 'ACTIVE',
      expiresAt: new Date(expiresAtMs).toISOString(),
      lines: request.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      createdAt: stamp,
      updatedAt: stamp,
    };
    this.reservations.set(reservation.reservationId, reservation);
    this.byRef.set(reservation.reservationRef, reservation);
    this.active.set(reservation.reservationId, { reservation, expiresAtMs });
    this.nextExpiryAt = Math.min(this.nextExpiryAt, expiresAtMs);
    return { created: true, reservation };
  }

  read(reservationId: string): StockReservation {
    this.expireDue();
    const reservation = this.reservations.get(reservationId);
    if (!reservation)
      throw omsError(404, 'RESERVATION_NOT_FOUND', `No reservation ${reservationId}`, { reservationId });
    return reservation;
  }

  exists(reservationId: string): boolean {
    return this.reservations.has(reservationId);
  }

  /** Gives the stock back; releasing a released or expired reservation changes nothing. */
  release(reservationId: string): StockReservation {
    const reservation = this.read(reservationId);
    if (reservation.status === 'RELEASED' || reservation.status === 'EXPIRED') return reservation;
    this.move(reservation, 'RELEASED');
    return reservation;
  }

  /** The goods left the store: reserved and on-hand both drop. Consuming twice changes nothing. */
  consume(reservationId: string): StockReservation {
    const reservation = this.read(reservationId);
    if (reservation.status === 'CONSUMED') return reservation;
    this.move(reservation, 'CONSUMED');
    return reservation;
  }

  reset(): void {
    this.reservations = new Map();
    this.byRef = new Map();
    this.active = new Map();
    this.nextExpiryAt = Number.POSITIVE_INFINITY;
  }

  private expireDue(): void {
    const now = this.clock.now();
    if (now < this.nextExpiryAt) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const { reservation, expiresAtMs } of this.active.values()) {
      if (expiresAtMs <= now) this.move(reservation, 'EXPIRED');
      else earliest = Math.min(earliest, expiresAtMs);
    }
    this.nextExpiryAt = earliest;
  }

  private move(reservation: StockReservation, to: ReservationStatus): void {
    if (!RESERVATION_MOVES[reservation.status].includes(to)) {
      throw omsError(
        409,
        'RESERVATION_NOT_ACTIVE',
        `Reservation ${reservation.reservationId} is ${reservation.status}`,
        {
          reservationId: reservation.reservationId,
          status: reservation.status,
        },
      );
    }
    const now = this.clock.now();
    for (const [sku, quantity] of totalsBySku(reservation.lines)) {
      const level = this.world.stockAt(reservation.locationId, sku);
      if (!level) continue;
      level.reserved = Math.max(0, level.reserved - quantity);
      if (to === 'CONSUMED') level.onHand = Math.max(0, level.onHand - quantity);
      level.lastChangedAt = now;
    }
    reservation.status = to;
    reservation.updatedAt = new Date(now).toISOString();
    this.active.delete(reservation.reservationId);
  }
}
