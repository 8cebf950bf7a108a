import type { PeriodFormat } from '../reports/period/dto/period-query.dto.js';
import type { PeriodReport } from '../reports/period/period-report.types.js';
import type { RenderedFormat } from './render-task.js';
import { periodReportCsv } from './tables/period-csv.js';
import { periodReportText } from './text/period-text.js';

export type FileFormat = Exclude<PeriodFormat, 'json'>;

/**
 * Draws the report in one of the costly formats: on the server, RenderPool's worker threads
 * (`(report, format) => pool.periodReport(report, format, user)`); in a benchmark of the
 * renderers alone, renderTask in the calling thread.
 */
export type PeriodReportRenderer = (report: PeriodReport, format: RenderedFormat) => Promise<Buffer>;

export interface ExportedFile {
  content: Buffer;
  contentType: string;
  /** The name people see: 清徐县因灾受损房屋修缮进度周报_2021年第51周.xlsx */
  fileName: string;
  /** For clients that cannot read a UTF-8 file name. */
  asciiFileName: string;
  /** Shown where it is fetched rather than saved (the WeChat text): sent without Content-Disposition. */
  inline: boolean;
}

const CONTENT_TYPES: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  png: 'image/png',
  svg: 'image/svg+xml; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

const EXTENSIONS: Record<FileFormat, string> = { csv: 'csv', xlsx: 'xlsx', pdf: 'pdf', png: 'png', svg: 'svg', text: 'txt' };

/** Made in the request, as they cost little; the other formats are drawn on the render pool's threads. */
const IN_REQUEST: readonly PeriodFormat[] = ['json', 'csv', 'text'];

export function isRenderedFormat(format: PeriodFormat): format is RenderedFormat {
  return !IN_REQUEST.includes(format);
}

/** 2021年第51周 for an ISO week, the dates otherwise. */
function fileLabel(report: PeriodReport): string {
  return report.period.label.split('（')[0];
}

function contentOf(report: PeriodReport, format: FileFormat, render: PeriodReportRenderer): Buffer | Promise<Buffer> {
  if (format === 'csv') return periodReportCsv(report);
  if (format === 'text') return Buffer.from(periodReportText(report), 'utf8');
  return render(report, format);
}

/**
 * The period report as a file in `format`: the same numbers in every format. CSV and the WeChat
 * text cost little and are written here; the other formats are drawn by `render`.
 */
export async function exportPeriodReport(report: PeriodReport, format: FileFormat, render: PeriodReportRenderer): Promise<ExportedFile> {
  const extension = EXTENSIONS[format];
  return {
    content: await contentOf(report, format, render),
    contentType: CONTENT_TYPES[format],
    fileName: `${report.title}_${fileLabel(report)}.${extension}`,
    asciiFileName: `repair-progress-${report.period.kind}-${report.period.start}.${extension}`,
    inline: format === 'text',
  };
}
