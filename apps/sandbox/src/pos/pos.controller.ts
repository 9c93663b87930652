import { Controller, Get, Param, Query, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BackendTrafficInterceptor } from '../traffic/backend-traffic.interceptor';
import { SandboxBackend, TrafficOperation } from '../traffic/traffic-route.decorator';
import { VendorHttpErrorFilter } from '../vendor-http-error.filter';
import { PosBackOffice } from './pos-back-office';

/**
 * The simulated POS back office (snake_case, errors `{ error }`). Counter operation names:
 * `GET stores`, `GET stores/{store_code}`, `GET stores/{store_code}/prices`, `GET promotions`.
 */
@ApiTags('sandbox: POS back office')
@SandboxBackend('pos')
@UseFilters(VendorHttpErrorFilter)
@UseInterceptors(BackendTrafficInterceptor)
@Controller('pos-bo/api')
export class PosController {
  constructor(private readonly backOffice: PosBackOffice) {}

  @Get('stores')
  @TrafficOperation('GET stores')
  @ApiOperation({ summary: 'List stores with their registers and price list' })
  listStores() {
    return this.backOffice.stores();
  }

  @Get('stores/:storeCode')
  @TrafficOperation('GET stores/{store_code}')
  @ApiOperation({ summary: 'Read one store' })
  @ApiResponse({ status: 404, description: 'store_not_found' })
  readStore(@Param('storeCode') storeCode: string) {
    return this.backOffice.store(storeCode);
  }

  @Get('stores/:storeCode/prices')
  @TrafficOperation('GET stores/{store_code}/prices')
  @ApiOperation({ summary: 'Shelf prices and running promotions of up to 100 items at a store' })
  @ApiQuery({ name: 'item_ids', required: true, example: '27023702,43538611' })
  @ApiResponse({ status: 400, description: 'invalid_request or too_many_items' })
  @ApiResponse({ status: 404, description: 'store_not_found' })
  readPrices(@Param('storeCode') storeCode: string, @Query('item_ids') itemIds: string | undefined) {
    return this.backOffice.prices(storeCode, itemIds);
  }

  @Get('promotions')
  @TrafficOperation('GET promotions')
  @ApiOperation({ summary: 'List promotions, by store and by the date they run on' })
  @ApiQuery({ name: 'store_code', required: false })
  @ApiQuery({ name: 'active_on', required: false, example: '2025-06-01' })
  listPromotions(
    @Query('store_code') storeCode: string | undefined,
    @Query('active_on') activeOn: string | undefined,
  ) {
    return this.backOffice.promotions(storeCode, activeOn);
  }
}
