import type { CreateReturnDto, ReturnView } from '@omnigate/contracts';
import type { Forwarded, SystemApiClient } from '@omnigate/system-clients';
import { type ProcessCaller, processCallerHeaders } from './process-caller';

/** What a store does with an authorised return (RMA) that waits in REQUESTED. */
export type RequestedReturnMove = 'receive' | 'cancel' | 'reject';

/** process-orders' returns, as the experience layer calls them for its channels. */
export class ReturnsApi {
  constructor(private readonly client: SystemApiClient) {}

  create(caller: ProcessCaller, request: CreateReturnDto): Promise<Forwarded<ReturnView>> {
    return this.client.forward('take return', 'POST', '/v1/returns', request, processCallerHeaders(caller));
  }

  get(caller: ProcessCaller, returnId: string): Promise<Forwarded<ReturnView>> {
    return this.client.forward(
      'read return',
      'GET',
      `/v1/returns/${encodeURIComponent(returnId)}`,
      undefined,
      processCallerHeaders(caller),
    );
  }

  /** An authorised return (RMA) at its store: received (and refunded), cancelled, or rejected on arrival. */
  act(
    caller: ProcessCaller,
    returnId: string,
    move: RequestedReturnMove,
    storeId: string,
  ): Promise<Forwarded<ReturnView>> {
    return this.client.forward(
      `${move} return`,
      'POST',
      `/v1/returns/${encodeURIComponent(returnId)}/${move}`,
      { storeId },
      processCallerHeaders(caller),
    );
  }
}
