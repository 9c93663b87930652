import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CreateStockMovementDto, StockMovement } from '@omnigate/contracts';
import { ApiBackendProblemAnswers } from '@omnigate/http-client';
import { InternalCallers } from '@omnigate/auth';
import { StockMovementsService } from './stock-movements.service';

@ApiTags('stock-movements')
@ApiBackendProblemAnswers('the OMS')
@InternalCallers('process-orders')
@Controller('v1/stock-movements')
export class StockMovementsController {
  constructor(private readonly movements: StockMovementsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Book returned goods into a store: back to available stock, or to the damaged bin',
    description:
      'Safe to repeat with the same movementRef: a repeat answers the existing movement and moves nothing more.',
  })
  @ApiOkResponse({ type: StockMovement })
  @ApiUnprocessableEntityResponse({ description: 'problem+json, type unknown-store or unknown-sku' })
  book(@Body() movement: CreateStockMovementDto): Promise<StockMovement> {
    return this.movements.book(movement);
  }
}
