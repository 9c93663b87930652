import type { AuthorizeTillRedemptionDto, TillRedemptionView } from '@omnigate/contracts';
import type { Forwarded, SystemApiClient } from '@omnigate/system-clients';
import { type ProcessCaller, processCallerHeaders } from './process-caller';

const redemptionPath = (redemptionId: string) =>
  `/v1/loyalty/redemptions/${encodeURIComponent(redemptionId)}`;

/** process-orders' till redemptions (points held at checkout), as experience-pos calls them for its tills. */
export class TillRedemptionsApi {
  constructor(private readonly client: SystemApiClient) {}

  authorize(
    caller: ProcessCaller,
    redemption: AuthorizeTillRedemptionDto,
  ): Promise<Forwarded<TillRedemptionView>> {
    return this.client.forward(
      'authorize till redemption',
      'POST',
      '/v1/loyalty/redemptions',
      redemption,
      processCallerHeaders(caller),
    );
  }

  capture(
    caller: ProcessCaller,
    redemptionId: string,
    storeId: string,
  ): Promise<Forwarded<TillRedemptionView>> {
    return this.client.forward(
      'capture till redemption',
      'POST',
      `${redemptionPath(redemptionId)}/capture`,
      { storeId },
      processCallerHeaders(caller),
    );
  }

  void(caller: ProcessCaller, redemptionId: string, storeId: string): Promise<Forwarded<TillRedemptionView>> {
    return this.client.forward(
      'void till redemption',
      'POST',
      `${redemptionPath(redemptionId)}/void`,
      { storeId },
      processCallerHeaders(caller),
    );
  }
}
