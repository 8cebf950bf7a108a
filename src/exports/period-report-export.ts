import type { PeriodFormat } from '../reports/period/dto/period-query.dto.js';
import type { PeriodReport } from '../reports/period/period-report.types.js';
import { lazyModule } from '../common/lazy-module.js';
import { periodReportCsv } from './tables/period-csv.js';

// The renderers load on first use (see lazyModule).
const chart = lazyModule(() => import('./render/period-chart.js'));
const pdf = lazyModule(() => import('./render/period-pdf.js'));
const xlsx = lazyModule(() => import('./tables/period-xlsx.js'));

export type FileFormat = Exclude<PeriodFormat, 'json'>;

export interface ExportedFile {
  content: Buffer;
  contentType: string;
  /** The name people see: 清徐县因灾受损房屋修缮进度周报_2021年第51周.xlsx */
  fileName: string;
  /** For clients that cannot read a UTF-8 file name. */
  asciiFileName: string;
}

const CONTENT_TYPES: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  png: 'image/png',
  svg: 'image/svg+xml; charset=utf-8',
};

const RENDERERS: Record<FileFormat, (report: PeriodReport) => Buffer | Promise<Buffer>> = {
  csv: periodReportCsv,
  xlsx: async (report) => (await xlsx()).periodReportXlsx(report),
  pdf: async (report) => (await pdf()).periodReportPdf(report),
  png: async (report) => (await chart()).periodChartPng(report),
  svg: async (report) => Buffer.from((await chart()).periodChartSvg(report), 'utf8'),
};

/** 2021年第51周 for an ISO week, the dates otherwise. */
function fileLabel(report: PeriodReport): string {
  return report.period.label.split('（')[0];
}

/** The period report as a file in `format`: the same numbers in every format. */
export async function exportPeriodReport(report: PeriodReport, format: FileFormat): Promise<ExportedFile> {
  return {
    content: await RENDERERS[format](report),
    contentType: CONTENT_TYPES[format],
    fileName: `${report.title}_${fileLabel(report)}.${format}`,
    asciiFileName: `repair-progress-${report.period.kind}-${report.period.start}.${format}`,
  };
}
