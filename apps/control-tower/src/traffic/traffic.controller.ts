import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { TrafficFigures } from './traffic-figures';

/** The traffic of the stack now: what the page's Traffic section shows, for viewers and operators alike. */
@ApiTags('control-tower')
@ApiSecurity('controlTowerKey')
@Controller('api')
export class TrafficController {
  constructor(private readonly figures: TrafficFigures) {}

  @Get('traffic')
  @ApiOperation({
    summary:
      'Requests, 5xx and 429 answers per app, rate-limit refusals per client app, backend calls with failures and p95 latency, cache hit ratios',
    description:
      "Counted from every app's /metrics over about TRAFFIC_WINDOW_S seconds before this read (`periodS`); the first read counts from each app's start (`periodS: null`).",
  })
  traffic() {
    return this.figures.now();
  }
}
