import type { PeriodGrade, PeriodReport, PeriodRow } from '../../reports/period/period-report.types.js';
import { formatPercent } from '../../reports/progress-arithmetic.js';
import type { RegionLevel } from '../../regions/region-level.js';
import { formatBeijingTime } from '../../common/dates.js';

/**
 * The period report's summary table, defined once for every format that prints it (XLSX, CSV,
 * later PDF): which columns, in which order, and what each cell holds. The formats decide only
 * how a cell looks, so they all print the same numbers.
 */

/** A table cell as data. */
export type PeriodCell =
  | { kind: 'text'; value: string }
  | { kind: 'count'; value: number }
  /** An exact fraction, null when nothing is appraised; shown rounded down (see flooredRate). */
  | { kind: 'rate'; value: number | null };

export interface PeriodColumn {
  header: string;
  /** The widest the column may be made to fit its texts, in Excel character units (a Chinese character needs about two); longer text wraps. */
  maxWidth: number;
  /** Short labels and dates are centred; other text is left-aligned and numbers right-aligned. */
  centred?: boolean;
  cell: (row: PeriodRow, part: 'body' | 'total') => PeriodCell;
}

export interface PeriodTable {
  columns: PeriodColumn[];
  header: string[];
  /** One row per unit and grade, in the report's order. */
  body: PeriodCell[][];
  /** The report's total rows: B, C, then B and C together. */
  total: PeriodCell[][];
}

/** The unit column's header by the level the report groups by. */
const UNIT_HEADERS: Record<RegionLevel, string> = { county: '县', township: '镇', village: '村' };

export const PERIOD_GRADE_LABELS: Record<PeriodGrade, string> = { B: 'B级', C: 'C级', 'B+C': 'B+C合计' };

export const TOTAL_UNIT_NAME = '合计';

/** What an unknown projected finish shows (the reason is not printed). */
export const NO_PROJECTION = '—';

export const REMARK_SEPARATOR = '；';

const text = (value: string): PeriodCell => ({ kind: 'text', value });
const count = (value: number): PeriodCell => ({ kind: 'count', value });
const rate = (value: number | null): PeriodCell => ({ kind: 'rate', value });

export function periodColumns(groupBy: RegionLevel): PeriodColumn[] {
  return [
    { header: UNIT_HEADERS[groupBy], maxWidth: 24, cell: (r, part) => text(part === 'total' ? TOTAL_UNIT_NAME : r.unit.name) },
    { header: '等级', maxWidth: 14, centred: true, cell: (r) => text(PERIOD_GRADE_LABELS[r.grade]) },
    { header: '鉴定户数', maxWidth: 14, cell: (r) => count(r.appraised) },
    { header: '完工户数', maxWidth: 14, cell: (r) => count(r.completed) },
    { header: '本期完工', maxWidth: 14, cell: (r) => count(r.completedInPeriod) },
    { header: '验收户数', maxWidth: 14, cell: (r) => count(r.accepted) },
    { header: '本期验收', maxWidth: 14, cell: (r) => count(r.acceptedInPeriod) },
    { header: '完工率', maxWidth: 14, cell: (r) => rate(r.completionRate) },
    { header: '验收率', maxWidth: 14, cell: (r) => rate(r.acceptanceRate) },
    { header: '剩余', maxWidth: 14, cell: (r) => count(r.remaining) },
    { header: '停滞户数', maxWidth: 14, cell: (r) => count(r.stalled) },
    { header: '预计完成', maxWidth: 16, centred: true, cell: (r) => text(r.projectedFinish ?? NO_PROJECTION) },
    { header: '备注', maxWidth: 50, cell: (r) => text(r.remarks.join(REMARK_SEPARATOR)) },
  ];
}

/** Header, body rows and total rows of the summary table. */
export function periodTableRows(report: PeriodReport): PeriodTable {
  const columns = periodColumns(report.groupBy);
  return {
    columns,
    header: columns.map((c) => c.header),
    body: report.rows.map((row) => columns.map((c) => c.cell(row, 'body'))),
    total: report.total.map((row) => columns.map((c) => c.cell(row, 'total'))),
  };
}

/** The table's first line: '清徐县因灾受损房屋修缮进度周报 2021年第51周（12月20日—12月26日）'. */
export function periodTableTitle(report: PeriodReport): string {
  return `${report.title} ${report.period.label}`;
}

/** The table's second line: the area covered and when the report was made, in Beijing time. */
export function periodTableSubtitle(report: PeriodReport): string {
  return `统计范围：${report.areaName}　生成时间：${formatBeijingTime(report.generatedAt)}（北京时间）`;
}

/**
 * A rate rounded down to 0.1%, as a fraction (0.9996 → 0.999): the value a format that rounds
 * to nearest when displaying (Excel's '0.0%') must be given, so that it shows what formatPercent
 * prints. Same arithmetic as formatPercent, small epsilon included.
 */
export function flooredRate(value: number): number {
  return Math.floor(value * 100 * 10 + 1e-9) / 1000;
}

/** A cell as printed text: counts as digits, rates rounded down ('90.8%'), a null rate empty. */
export function cellText(cell: PeriodCell): string {
  switch (cell.kind) {
    case 'text':
      return cell.value;
    case 'count':
      return String(cell.value);
    case 'rate':
      return cell.value === null ? '' : formatPercent(cell.value);
  }
}
