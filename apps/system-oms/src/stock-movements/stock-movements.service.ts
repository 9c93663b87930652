import { Injectable } from '@nestjs/common';
import type { CreateStockMovementDto, StockMovement } from '@omnigate/contracts';
import { OMS_ERROR, type OmsErrorBody, omsRefusal, unexpectedOmsRefusal } from '../oms/oms-api';
import { OmsClient } from '../oms/oms.client';
import { UnknownSku, UnknownStore } from '../reservations/reservations.errors';

const BOOK = 'book stock movement';

/** The OMS's answer to a stock movement. */
interface OmsStockMovement {
  movementId: string;
  movementRef: string;
  locationId: string;
  reason: StockMovement['reason'];
  lines: { sku: string; quantity: number }[];
}

/** Returned goods booked into a store's stock (or its damaged bin), once per movementRef. */
@Injectable()
export class StockMovementsService {
  constructor(private readonly oms: OmsClient) {}

  async book(movement: CreateStockMovementDto): Promise<StockMovement> {
    const response = await this.oms.post<OmsStockMovement | OmsErrorBody>(
      BOOK,
      '/stock-movements',
      {
        movementRef: movement.movementRef,
        locationId: movement.storeId,
        reason: movement.reason,
        lines: movement.lines,
      },
      [422],
    );
    if (response.status < 300) {
      const booked = response.data as OmsStockMovement;
      return {
        movementId: booked.movementId,
        movementRef: booked.movementRef,
        storeId: booked.locationId,
        reason: booked.reason,
        lines: booked.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      };
    }
    const refusal = omsRefusal(response);
    switch (refusal.code) {
      case OMS_ERROR.unknownLocation:
        throw new UnknownStore(movement.storeId);
      case OMS_ERROR.unknownSku:
        throw new UnknownSku(String(refusal.sku));
      default:
        throw unexpectedOmsRefusal(BOOK, response);
    }
  }
}
