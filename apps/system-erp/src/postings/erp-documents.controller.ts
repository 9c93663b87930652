import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InternalCallers } from '@omnigate/auth';
import { ApiBackendProblemAnswers } from '@omnigate/http-client';
import { ErpDocumentsByPostingQuery, ErpDocumentsDto, StoreErpDocumentsQuery } from '@omnigate/contracts';
import { StoreParams } from '../inventory/inventory.dto';
import { ErpDocumentsService } from './erp-documents.service';

/** What the ERP holds, read back for reconciliation; never cached: a difference must be seen as it is now. */
@ApiTags('postings')
@ApiBackendProblemAnswers('the ERP')
@InternalCallers('process-orders')
@Controller('v1')
export class ErpDocumentsController {
  constructor(private readonly documents: ErpDocumentsService) {}

  @Get('erp-documents')
  @ApiOperation({
    summary:
      'The ERP documents posted under some posting ids (a posting id the ERP does not hold is left out)',
  })
  @ApiOkResponse({ type: ErpDocumentsDto })
  async byPostingIds(@Query() { postingIds }: ErpDocumentsByPostingQuery): Promise<ErpDocumentsDto> {
    return { documents: await this.documents.byPostingIds(postingIds) };
  }

  @Get('stores/:storeId/erp-documents')
  @ApiOperation({ summary: "A store's ERP retail documents dated on one day (UTC), whoever posted them" })
  @ApiOkResponse({ type: ErpDocumentsDto })
  async byStoreAndDate(
    @Param() { storeId }: StoreParams,
    @Query() { documentDate }: StoreErpDocumentsQuery,
  ): Promise<ErpDocumentsDto> {
    return { documents: await this.documents.byStoreAndDate(storeId, documentDate) };
  }
}
