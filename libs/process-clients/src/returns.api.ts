import type { CreateReturnDto, ReturnView } from '@omnigate/contracts';
import type { Forwarded, SystemApiClient } from '@omnigate/system-clients';

/** Who a return call is made for, and the key that makes a write safe to repeat. */
export interface ReturnCaller {
  clientAppId: string;
  channel: string;
  idempotencyKey?: string;
}

function headersOf(caller: ReturnCaller): Record<string, string> {
  return {
    'x-on-behalf-of': caller.clientAppId,
    'x-channel': caller.channel,
    ...(caller.idempotencyKey !== undefined && { 'idempotency-key': caller.idempotencyKey }),
  };
}

/** process-orders' returns, as the experience layer calls them for its channels. */
export class ReturnsApi {
  constructor(private readonly client: SystemApiClient) {}

  create(caller: ReturnCaller, request: CreateReturnDto): Promise<Forwarded<ReturnView>> {
    return this.client.forward('take return', 'POST', '/v1/returns', request, headersOf(caller));
  }

  get(caller: ReturnCaller, returnId: string): Promise<Forwarded<ReturnView>> {
    return this.client.forward(
      'read return',
      'GET',
      `/v1/returns/${encodeURIComponent(returnId)}`,
      undefined,
      headersOf(caller),
    );
  }
}
