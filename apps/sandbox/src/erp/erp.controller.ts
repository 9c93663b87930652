import { Body, Controller, Get, Param, Post, Query, Req, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BackendTrafficInterceptor } from '../traffic/backend-traffic.interceptor';
import { SandboxBackend, TrafficOperation } from '../traffic/traffic-route.decorator';
import { VendorHttpErrorFilter } from '../vendor-http-error.filter';
import { ErpCsrfInterceptor } from './erp-csrf.interceptor';
import { RetailDocumentDraft } from './erp-posting.dto';
import { ErpProducts } from './erp-products';
import { ErpRetailPostings } from './erp-retail-postings';
import { ErpStock } from './erp-stock';
import { ERP_ODATA_ROOT } from './odata';

/**
 * The simulated cloud ERP in its OData v2 dialect. Counter operation names: `GET A_Product`,
 * `GET A_Product('{Product}')`, `GET A_MatlStkInAcctMod`, `POST A_RetailDocument`, `GET A_RetailDocument`.
 */
@ApiTags('sandbox: ERP (OData v2)')
@ApiHeader({
  name: 'x-csrf-token',
  required: false,
  description: "'Fetch' on a GET to be handed a token; the token on every POST",
})
@SandboxBackend('erp')
@UseFilters(VendorHttpErrorFilter)
@UseInterceptors(BackendTrafficInterceptor, ErpCsrfInterceptor)
@Controller(ERP_ODATA_ROOT)
export class ErpController {
  constructor(
    private readonly products: ErpProducts,
    private readonly stock: ErpStock,
    private readonly postings: ErpRetailPostings,
  ) {}

  @Get('API_PRODUCT_SRV/A_Product')
  @TrafficOperation('GET A_Product')
  @ApiOperation({ summary: 'List products, $top (max 500, default 100) and $skip' })
  @ApiQuery({ name: '$top', required: false })
  @ApiQuery({ name: '$skip', required: false })
  listProducts(
    @Query('$top') top: string | undefined,
    @Query('$skip') skip: string | undefined,
    @Req() request: FastifyRequest,
  ) {
    return this.products.page(top, skip, originOf(request));
  }

  // One param segment instead of a literal A_Product('...') route: parentheses are pattern syntax in route paths.
  @Get('API_PRODUCT_SRV/:productKey')
  @TrafficOperation("GET A_Product('{Product}')")
  @ApiOperation({ summary: "Read one product: A_Product('{Product}')" })
  @ApiResponse({ status: 404, description: 'OData error: no such product' })
  readProduct(@Param('productKey') productKey: string, @Req() request: FastifyRequest) {
    return this.products.product(productKey, originOf(request));
  }

  @Get('API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod')
  @TrafficOperation('GET A_MatlStkInAcctMod')
  @ApiOperation({
    summary: "Stock per plant and material; $filter=Plant eq '...' and (Material eq '...' or ...)",
  })
  @ApiQuery({ name: '$filter', required: true, example: "Plant eq 'ST-6930' and (Material eq '27023702')" })
  @ApiResponse({ status: 400, description: 'OData error: no Plant, no Material or more than 100 materials' })
  readStock(@Query('$filter') filter: string | undefined) {
    return this.stock.rows(filter);
  }

  @Post('API_RETAIL_POSTING_SRV/A_RetailDocument')
  @TrafficOperation('POST A_RetailDocument')
  @ApiOperation({ summary: 'Post a retail document (sale, demand, credit memo, points liability)' })
  @ApiBody({ type: RetailDocumentDraft })
  @ApiResponse({ status: 201, description: 'Posted; d.RetailDocument is the ERP document number' })
  @ApiResponse({
    status: 400,
    description:
      'OData error ZRTL/001 (invalid) or ZRTL/017 (external reference already posted, innererror.existingDocument)',
  })
  @ApiResponse({ status: 403, description: 'CSRF token missing or expired; x-csrf-token: Required' })
  postRetailDocument(@Body() body: unknown) {
    return this.postings.post(body);
  }

  @Get('API_RETAIL_POSTING_SRV/A_RetailDocument')
  @TrafficOperation('GET A_RetailDocument')
  @ApiOperation({ summary: "Find retail documents by $filter=ExternalReference eq '...'" })
  @ApiQuery({ name: '$filter', required: true, example: "ExternalReference eq 'POS-ST-6930-R02-000153'" })
  findRetailDocuments(@Query('$filter') filter: string | undefined) {
    return this.postings.find(filter);
  }
}

function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
