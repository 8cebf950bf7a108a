import type { PeriodReport } from '../../reports/period/period-report.types.js';
import { type CsvField, csvFile } from '../csv.js';
import { cellText, type PeriodCell, periodTableRows, periodTableSubtitle, periodTableTitle } from './period-columns.js';

/**
 * The period report's summary table as CSV: the title and the 统计范围/生成时间 line, then the
 * same header, unit rows and total rows as the XLSX sheet 进度汇总 (columns from
 * period-columns.ts). Counts are plain numbers; rates are text rounded down ('90.8%'), empty when
 * nothing is appraised.
 */
export function periodReportCsv(report: PeriodReport): Buffer {
  const table = periodTableRows(report);
  return csvFile([
    [periodTableTitle(report)],
    [periodTableSubtitle(report)],
    table.header,
    ...[...table.body, ...table.total].map((cells) => cells.map(csvValue)),
  ]);
}

function csvValue(cell: PeriodCell): CsvField {
  return cell.kind === 'count' ? cell.value : cellText(cell);
}
