import { Injectable } from '@nestjs/common';
import { Database } from '@omnigate/persistence';
import type { ReconciliationReport } from './reconciliation-report';

/** A kept report in a list: its day, how it ran, and how many differences of each kind it found. */
export interface ReconciliationReportSummary extends Omit<ReconciliationReport, 'differences'> {
  differenceCount: number;
  differencesByKind: Record<string, number>;
}

export interface ReportSearch {
  storeId?: string;
  businessDate?: string;
  limit: number;
}

const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as unknown;

/** The only file with SQL for the kept reconciliation reports. */
@Injectable()
export class ReconciliationReportsRepository {
  constructor(private readonly db: Database) {}

  async keep(report: Omit<ReconciliationReport, 'ranAt'>): Promise<ReconciliationReport> {
    const [row] = await this.db.query<Record<string, unknown>>(
      `INSERT INTO reconciliation_reports (report_id, store_id, business_date, trigger, requested_by, checked, differences)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [
        report.reportId,
        report.storeId,
        report.businessDate,
        report.trigger,
        report.requestedBy,
        JSON.stringify(report.checked),
        JSON.stringify(report.differences),
      ],
    );
    return toReport(row);
  }

  async find(reportId: string): Promise<ReconciliationReport | undefined> {
    const [row] = await this.db.query<Record<string, unknown>>(
      'SELECT * FROM reconciliation_reports WHERE report_id = $1',
      [reportId],
    );
    return row && toReport(row);
  }

  /** The latest reports, newest first, of a store and/or a business date when given. */
  async latest(search: ReportSearch): Promise<ReconciliationReportSummary[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM reconciliation_reports
        WHERE ($1::text IS NULL OR store_id = $1) AND ($2::text IS NULL OR business_date = $2)
        ORDER BY ran_at DESC, report_id LIMIT $3`,
      [search.storeId ?? null, search.businessDate ?? null, search.limit],
    );
    return rows.map((row) => {
      const { differences, ...report } = toReport(row);
      const differencesByKind: Record<string, number> = {};
      for (const d of differences) differencesByKind[d.kind] = (differencesByKind[d.kind] ?? 0) + 1;
      return { ...report, differenceCount: differences.length, differencesByKind };
    });
  }
}

function toReport(row: Record<string, unknown>): ReconciliationReport {
  return {
    reportId: row.report_id as string,
    storeId: row.store_id as string,
    businessDate: row.business_date as string,
    trigger: row.trigger as ReconciliationReport['trigger'],
    requestedBy: (row.requested_by as string | null) ?? null,
    ranAt: new Date(row.ran_at as string).toISOString(),
    checked: json(row.checked) as ReconciliationReport['checked'],
    differences: json(row.differences) as ReconciliationReport['differences'],
  };
}
