import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { InternalCallers } from '@omnigate/auth';
import { Ctx, type RequestContext } from '@omnigate/workflow';
import { ReconcileStoreDay } from './reconcile-store-day.usecase';
import { ReconciliationReportsRepository } from './reconciliation-reports.repository';
import {
  ReconciliationReportDto,
  ReconciliationReportParams,
  ReconciliationReportsDto,
  ReconciliationReportsQuery,
  RunReconciliationBody,
} from './reconciliation.dto';
import { ReconciliationReportNotFound } from './reconciliation.errors';

/** Reconciliation of a store's business date: run one now, list the kept reports, open one. */
@ApiTags('operations')
@InternalCallers('operator', 'control-tower')
@Controller('v1/ops/reconciliation-reports')
export class ReconciliationController {
  constructor(
    private readonly reconcile: ReconcileStoreDay,
    private readonly reports: ReconciliationReportsRepository,
  ) {}

  @Post()
  @ApiOperation({
    summary: "Reconcile a store's business date now and keep the report",
    description:
      'Reads the ERP and the loyalty platform through system-erp and system-loyalty; when either cannot be read the run fails (502/503/504) and nothing is kept.',
  })
  @ApiCreatedResponse({ type: ReconciliationReportDto })
  run(@Ctx() ctx: RequestContext, @Body() body: RunReconciliationBody) {
    return this.reconcile.execute(ctx, {
      storeId: body.storeId,
      businessDate: body.businessDate,
      trigger: 'on-demand',
      requestedBy: body.requestedBy ?? null,
    });
  }

  @Get()
  @ApiOperation({ summary: 'The kept reports, newest first, with their differences counted per kind' })
  @ApiOkResponse({ type: ReconciliationReportsDto })
  async list(@Query() query: ReconciliationReportsQuery) {
    return { reports: await this.reports.latest({ ...query, limit: query.limit ?? 50 }) };
  }

  @Get(':reportId')
  @ApiOperation({ summary: 'One report with every difference and the flow it belongs to' })
  @ApiOkResponse({ type: ReconciliationReportDto })
  @ApiNotFoundResponse({ description: 'problem+json, type reconciliation-report-not-found' })
  async open(@Param() { reportId }: ReconciliationReportParams) {
    const report = await this.reports.find(reportId);
    if (!report) throw new ReconciliationReportNotFound();
    return report;
  }
}
