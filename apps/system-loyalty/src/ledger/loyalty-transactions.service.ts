import { Injectable } from '@nestjs/common';
import type { LoyaltyTransactionDto } from '@omnigate/contracts';
import { LoyaltyClient } from '../loyalty/loyalty.client';
import { type LoyaltyTransactionEntity, toLoyaltyTransaction } from './loyalty-transaction.mapper';

/** Reads the platform's ledger by our references: it keeps no store, so a store's day is found through what we booked. */
@Injectable()
export class LoyaltyTransactionsService {
  constructor(private readonly loyalty: LoyaltyClient) {}

  async byReferences(references: string[]): Promise<LoyaltyTransactionDto[]> {
    const response = await this.loyalty.get<{ items: LoyaltyTransactionEntity[] }>(
      'read transactions by reference',
      '/transactions',
      {
        references: references.join(','),
      },
    );
    return response.data.items.map(toLoyaltyTransaction);
  }
}
