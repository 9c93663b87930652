import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  ValidationPipe,
} from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ErpCsrfTokens } from '../erp/erp-csrf-tokens';
import { BACKEND_NAMES, isBackendName } from '../traffic/backend-name';
import { BackendTraffic, CALL_LOG_CAPACITY } from '../traffic/backend-traffic';
import { FaultSettingsPatch } from '../traffic/fault-settings.dto';
import { RetailerWorld } from '../world/retailer-world';
import { SandboxReset } from './sandbox-reset';
import { seedSummary } from './seed-summary';

const strictBody = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/** Drives and observes the sandbox: seed data, fault settings, counters, the call log, reset. Not itself recorded. */
@ApiTags('sandbox: admin')
@Controller('_admin')
export class SandboxAdminController {
  constructor(
    private readonly world: RetailerWorld,
    private readonly traffic: BackendTraffic,
    private readonly csrfTokens: ErpCsrfTokens,
    private readonly sandbox: SandboxReset,
  ) {}

  @Get('seed')
  @ApiOperation({
    summary: 'Every sku, store, member and promotion of the seeded world, to pick test data from',
  })
  seed() {
    return seedSummary(this.world);
  }

  @Get('faults')
  @ApiOperation({ summary: 'Fault settings of every backend' })
  faults() {
    return this.traffic.allFaults();
  }

  @Put('faults/:backend')
  @ApiOperation({ summary: "Change some of a backend's fault settings; the rest keep their value" })
  @ApiParam({ name: 'backend', enum: BACKEND_NAMES })
  changeFaults(@Param('backend') backend: string, @Body(strictBody) patch: FaultSettingsPatch) {
    if (!isBackendName(backend))
      throw new NotFoundException(`No backend '${backend}'; one of ${BACKEND_NAMES.join(', ')}`);
    return this.traffic.changeFaults(backend, patch);
  }

  @Post('reset')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rebuild the seeded world and restore default faults; clears counters and call log',
  })
  reset() {
    this.sandbox.reset();
    return { reset: true };
  }

  @Get('counters')
  @ApiOperation({ summary: 'Calls per backend and operation, refused calls and max in flight' })
  counters() {
    return this.traffic.countersSnapshot();
  }

  @Delete('counters')
  @HttpCode(204)
  @ApiOperation({ summary: 'Clear the counters and max in flight' })
  clearCounters() {
    this.traffic.clearCounters();
  }

  @Get('calls')
  @ApiOperation({ summary: 'Recent backend calls, newest last' })
  @ApiQuery({ name: 'backend', required: false, enum: BACKEND_NAMES })
  @ApiQuery({ name: 'operation', required: false, example: 'POST A_RetailDocument' })
  @ApiQuery({ name: 'limit', required: false, description: `1..${CALL_LOG_CAPACITY}, default 100` })
  calls(
    @Query('backend') backend?: string,
    @Query('operation') operation?: string,
    @Query('limit') limit?: string,
  ) {
    const count = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > CALL_LOG_CAPACITY) {
      throw new BadRequestException(`limit must be an integer between 1 and ${CALL_LOG_CAPACITY}`);
    }
    return { calls: this.traffic.recentCalls({ backend, operation, limit: count }) };
  }

  @Delete('calls')
  @HttpCode(204)
  @ApiOperation({ summary: 'Clear the call log' })
  clearCalls() {
    this.traffic.clearCalls();
  }

  @Post('erp/csrf/expire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Invalidate every ERP CSRF token handed out so far' })
  expireCsrfTokens() {
    return { expired: this.csrfTokens.expireAll() };
  }
}
