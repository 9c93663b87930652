import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiOnBehalfOf, InternalCallers } from '@omnigate/auth';
import {
  MAX_SALES_PER_BATCH,
  RegisterParams,
  RegisterSequenceGapsView,
  SaleConflictsQuery,
  SaleConflictsView,
  SALE_CONFLICTS_LISTED,
  SalesJournalsQuery,
  SalesJournalsView,
  SequenceGapsQuery,
  StoreSaleParams,
  StoreSalesBatchDto,
  StoreSalesBatchResultDto,
  StoreSaleView,
} from '@omnigate/contracts';
import { Idempotent } from '@omnigate/idempotency';
import { Ctx, type RequestContext } from '@omnigate/workflow';
import { RecordStoreSales } from './record-store-sales.usecase';
import { STORE_SALES, type StoreSales } from './store-sale.workflow';
import { StoreSaleViews } from './store-sale.view';
import { StoreSalesRepository } from './store-sales.repository';

@ApiTags('store-sales')
@ApiOnBehalfOf('The channel client app the call is made for')
@Controller('v1/sales')
export class StoreSalesController {
  constructor(
    private readonly recordStoreSales: RecordStoreSales,
    @Inject(STORE_SALES) private readonly sales: StoreSales,
    private readonly views: StoreSaleViews,
    private readonly repository: StoreSalesRepository,
  ) {}

  @Post()
  @HttpCode(200)
  @Idempotent()
  @InternalCallers('experience-pos')
  @ApiOperation({
    summary: 'Record sales rung up at the tills: one sale, or an offline backlog',
    description:
      `Up to ${MAX_SALES_PER_BATCH} sales. Each is checked and accepted on its own, once per sale key (store, register, sequence), ` +
      'and answered in the order sent: accepted; duplicate (sent before, identical: the first saleId); or refused with a problem ' +
      '(a broken sale, or sale-key-conflict: another sale holds the key, and this one is kept for operators). A batch cut short ' +
      'leaves each sale accepted whole or absent: send it again.',
  })
  @ApiOkResponse({ type: StoreSalesBatchResultDto })
  @ApiConflictResponse({
    description:
      'sale-key-conflict (with saleKey): a request of one sale alone whose key another sale holds; idempotency-key-in-flight',
  })
  record(@Ctx() ctx: RequestContext, @Body() batch: StoreSalesBatchDto): Promise<StoreSalesBatchResultDto> {
    return this.recordStoreSales.execute(ctx, batch);
  }

  @Get('conflicts')
  @InternalCallers('operator')
  @ApiOperation({
    summary: 'Sales refused for reusing a taken sale key, newest first, as submitted',
    description: `At most ${SALE_CONFLICTS_LISTED}.`,
  })
  @ApiOkResponse({ type: SaleConflictsView })
  async conflicts(@Query() { storeId }: SaleConflictsQuery): Promise<SaleConflictsView> {
    return { conflicts: await this.repository.listConflicts(storeId, SALE_CONFLICTS_LISTED) };
  }

  @Get('journals')
  @InternalCallers('operator')
  @ApiOperation({
    summary: "A store's summarized SALE journals (daily-journal mode), with their ERP postings",
  })
  @ApiOkResponse({ type: SalesJournalsView })
  async journals(@Query() { storeId, businessDate }: SalesJournalsQuery): Promise<SalesJournalsView> {
    return { journals: await this.views.journalsOf(storeId, businessDate) };
  }

  @Get('registers/:storeId/:registerId/gaps')
  @InternalCallers('operator')
  @ApiOperation({
    summary:
      "Gaps in a register's sequence: the sequences no accepted sale carries between its lowest and highest",
  })
  @ApiOkResponse({ type: RegisterSequenceGapsView })
  gaps(
    @Param() { storeId, registerId }: RegisterParams,
    @Query() { businessDate }: SequenceGapsQuery,
  ): Promise<RegisterSequenceGapsView> {
    return this.repository.sequenceGaps(storeId, registerId, businessDate);
  }

  @Get(':saleId')
  @InternalCallers('operator')
  @ApiOperation({ summary: 'An accepted sale: as accepted, its net lines, timeline and ERP postings' })
  @ApiOkResponse({ type: StoreSaleView })
  @ApiNotFoundResponse({ description: 'store-sale-not-found' })
  async get(@Param() { saleId }: StoreSaleParams): Promise<StoreSaleView> {
    return this.views.of(await this.sales.get(saleId));
  }
}
