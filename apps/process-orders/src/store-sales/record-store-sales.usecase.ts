import { Injectable } from '@nestjs/common';
import type { StoreSalesBatchDto, StoreSalesBatchResultDto } from '@omnigate/contracts';
import type { RequestContext } from '@omnigate/workflow';
import { AcceptStoreSale } from './accept-store-sale.usecase';
import { checkSale } from './store-sale-checks';
import { SaleKeyConflict } from './store-sales.errors';

/**
 * A batch of sales from the tills (one sale, or a backlog after an outage): each is checked and
 * accepted on its own, in the order sent, so one bad sale never sinks the others, and a batch cut
 * short (the process killed) leaves each sale accepted whole or absent; sending it again completes it.
 * A single sale under a key another sale holds is refused with 409 instead (kept for operators all
 * the same): a till sending one sale acts on the answer's status, not on a list.
 */
@Injectable()
export class RecordStoreSales {
  constructor(private readonly acceptStoreSale: AcceptStoreSale) {}

  async execute(ctx: RequestContext, { sales }: StoreSalesBatchDto): Promise<StoreSalesBatchResultDto> {
    const results: StoreSalesBatchResultDto['results'] = [];
    for (const raw of sales) {
      const check = await checkSale(raw);
      results.push(
        check.ok
          ? await this.acceptStoreSale.execute(ctx, check.checked)
          : { saleKey: check.saleKey, outcome: 'refused', problem: check.problem },
      );
    }
    const [only] = results;
    if (results.length === 1 && only.problem?.type === 'sale-key-conflict')
      throw new SaleKeyConflict(only.saleKey);
    return { results };
  }
}
