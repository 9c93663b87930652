import type { AuthorizeTillRedemptionDto, TillRedemptionView } from '@omnigate/contracts';
import type { Forwarded, SystemApiClient } from '@omnigate/system-clients';
import type { PickupOrderCaller } from './pickup-orders.api';

/** Who a till redemption call is made for (the POS client app, its channel) and the key that makes the write safe to repeat. */
export type TillRedemptionCaller = Omit<PickupOrderCaller, 'orderAccessToken'>;

function headersOf(caller: TillRedemptionCaller): Record<string, string> {
  return {
    'x-on-behalf-of': caller.clientAppId,
    'x-channel': caller.channel,
    ...(caller.idempotencyKey !== undefined && { 'idempotency-key': caller.idempotencyKey }),
  };
}

const redemptionPath = (redemptionId: string) =>
  `/v1/loyalty/redemptions/${encodeURIComponent(redemptionId)}`;

/** process-orders' till redemptions (points held at checkout), as experience-pos calls them for its tills. */
export class TillRedemptionsApi {
  constructor(private readonly client: SystemApiClient) {}

  authorize(
    caller: TillRedemptionCaller,
    redemption: AuthorizeTillRedemptionDto,
  ): Promise<Forwarded<TillRedemptionView>> {
    return this.client.forward(
      'authorize till redemption',
      'POST',
      '/v1/loyalty/redemptions',
      redemption,
      headersOf(caller),
    );
  }

  capture(
    caller: TillRedemptionCaller,
    redemptionId: string,
    storeId: string,
  ): Promise<Forwarded<TillRedemptionView>> {
    return this.client.forward(
      'capture till redemption',
      'POST',
      `${redemptionPath(redemptionId)}/capture`,
      { storeId },
      headersOf(caller),
    );
  }

  void(
    caller: TillRedemptionCaller,
    redemptionId: string,
    storeId: string,
  ): Promise<Forwarded<TillRedemptionView>> {
    return this.client.forward(
      'void till redemption',
      'POST',
      `${redemptionPath(redemptionId)}/void`,
      { storeId },
      headersOf(caller),
    );
  }
}
