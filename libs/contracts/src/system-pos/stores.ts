import { ApiProperty } from '@nestjs/swagger';
import { Store } from '../store';

/** system-pos's answer listing every store of the network. */
export class StoresResponse {
  @ApiProperty({ type: [Store], maxItems: 10_000 })
  stores!: Store[];
}
