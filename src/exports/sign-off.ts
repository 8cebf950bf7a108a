import type { PeriodReport } from '../reports/period/period-report.types.js';

/**
 * The sign-off under a report sent upward (落款): 填报单位, 填报人, 审核人, 联系电话, 日期, defined
 * once for the formats that print it (the XLSX sheet 进度汇总 and the PDF), laid out two to a line.
 * What the tracker knows is filled in; the rest are lines left for a person to sign or write on.
 */

export interface SignOffItem {
  /** '填报单位：' */
  label: string;
  /** The filled-in value; empty for a line left blank. */
  value: string;
  /** Printed at the right end of a blank line as a guide for the hand: 年, 月 and 日 spaced out (DATE_GUIDE). */
  guide?: string;
}

/** One printed line: an item on the left and one (or nothing) on the right. */
export type SignOffLine = readonly [SignOffItem, SignOffItem | null];

/** 年, 月 and 日 with two ideographic spaces between, for the day to be written in. */
export const DATE_GUIDE = `年${'\u3000'.repeat(2)}月${'\u3000'.repeat(2)}日`;

export function signOffLines(report: Pick<PeriodReport, 'organization' | 'preparedBy'>): SignOffLine[] {
  return [
    [
      { label: '填报单位：', value: report.organization ?? '' },
      { label: '填报人：', value: report.preparedBy ?? '' },
    ],
    [
      { label: '审核人：', value: '' },
      { label: '联系电话：', value: '' },
    ],
    [{ label: '日期：', value: '', guide: DATE_GUIDE }, null],
  ];
}
