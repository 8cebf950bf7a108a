import { calendarDateAt } from '../../common/dates.js';
import { drawableText } from '../../common/readable-text.js';
import { REPAIR_GRADES, type RepairGrade } from '../../households/damage-grade.js';
import type { RegionLevel } from '../../regions/region-level.js';
import { formatPercent, ratio, type ReportUnit } from '../../reports/progress-arithmetic.js';
import type { PeriodReport, PeriodRow } from '../../reports/period/period-report.types.js';
import { UNIT_WORDS } from '../render/unit-words.js';

/**
 * The period report as a short message to paste into a WeChat group (微信时时报进度): the area
 * and period, each grade's appraised / completed / accepted with rates (rounded down), what
 * changed in the period, the stalled count, the units below, and the remarks, marked ①② where
 * they apply. B and C are never added up: a grade's figure may be unreported (the seed's C
 * acceptance), and a sum would hide that.
 *
 * Always under TEXT_MAX_LENGTH characters: the units are listed while they fit, the slowest
 * first when not all of them do, and the message says how many there are.
 */

/** The message stays under this many characters (Unicode code points). */
export const TEXT_MAX_LENGTH = 1000;

/** Remarks quoted in full at most; more are counted. */
const MAX_REMARKS = 3;
const MAX_REMARK_LENGTH = 150;
const MAX_UNIT_NAME_LENGTH = 20;
/** When not every unit fits, the slowest are listed, at most this many (a message, not a table). */
const MAX_SLOWEST_UNITS = 10;
const MARKERS = ['①', '②', '③'];

/**
 * How the message groups its units: a report over several counties (a province) lists its
 * counties, whatever was asked, since a line per village or township would not fit a message.
 */
export function periodTextGroupBy(requested: RegionLevel, counties: number): RegionLevel {
  return counties > 1 ? 'county' : requested;
}

const length = (text: string) => Array.from(text).length;

/** At most `max` characters, the last one '…' when cut. */
function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** 2021年第51周（12月20日—12月26日）, with 截至 the day it was made while the week runs. */
function periodLine(report: PeriodReport): string {
  const madeOn = calendarDateAt(new Date(report.generatedAt));
  const running = report.period.kind === 'week' && madeOn < report.period.end && madeOn >= report.period.start;
  return running ? `${report.period.label}，截至${monthDay(madeOn)}` : report.period.label;
}

/** The remarks quoted (at most MAX_REMARKS), each with its marker, in the order the grades give them. */
function remarkMarkers(report: PeriodReport): { quoted: string[]; more: number; markerOf: (row: PeriodRow) => string } {
  const all = [...new Set(report.total.filter((r) => r.grade !== 'B+C').flatMap((r) => r.remarks))];
  const quoted = all.slice(0, MAX_REMARKS);
  return {
    quoted,
    more: all.length - quoted.length,
    markerOf: (row) => quoted.map((remark, i) => (row.remarks.includes(remark) ? MARKERS[i] : '')).join(''),
  };
}

/** '3户（B级3户、C级0户）', or '0户' when nothing happened. */
function byGrade(rows: Map<RepairGrade, PeriodRow>, pick: (r: PeriodRow) => number): string {
  const counts = REPAIR_GRADES.map((g) => {
    const row = rows.get(g);
    return { grade: g, n: row ? pick(row) : 0 };
  });
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  if (total === 0) return `${total}户`;
  return `${total}户（${counts.map((c) => `${c.grade}级${c.n}户`).join('、')}）`;
}

function unitKey(unit: ReportUnit): string {
  return `${unit.level}:${unit.id ?? unit.name}`;
}

interface UnitLine {
  text: string;
  /** Completion of B and C together, for picking the slowest (completion is known for both). */
  completionRate: number | null;
}

function unitLines(report: PeriodReport, markerOf: (row: PeriodRow) => string): UnitLine[] {
  const byUnit = new Map<string, { unit: ReportUnit; rows: PeriodRow[] }>();
  for (const row of report.rows) {
    const key = unitKey(row.unit);
    const entry = byUnit.get(key);
    if (entry) entry.rows.push(row);
    else byUnit.set(key, { unit: row.unit, rows: [row] });
  }
  return [...byUnit.values()].map(({ unit, rows }) => {
    const parts = REPAIR_GRADES.flatMap((grade) => {
      const row = rows.find((r) => r.grade === grade);
      if (!row || row.appraised === 0) return [];
      return [`${grade}级完工${formatPercent(row.completionRate)}、验收${formatPercent(row.acceptanceRate)}${markerOf(row)}`];
    });
    const appraised = rows.reduce((sum, r) => sum + r.appraised, 0);
    const completed = rows.reduce((sum, r) => sum + r.completed, 0);
    const name = clip(drawableText(unit.name), MAX_UNIT_NAME_LENGTH);
    return { text: `${name}：${parts.length > 0 ? parts.join('；') : '无B、C级鉴定户'}`, completionRate: ratio(completed, appraised) };
  });
}

/**
 * The lines for the units, within `room` characters (newlines included): every unit in report
 * order when they fit, else the slowest, at most MAX_SLOWEST_UNITS and as many as fit (lowest B+C
 * completion first, units with nothing appraised last).
 */
function unitSection(report: PeriodReport, lines: UnitLine[], room: number): string[] {
  if (lines.length <= 1) return [];
  const word = UNIT_WORDS[report.groupBy];
  const size = (section: string[]) => section.reduce((sum, line) => sum + length(line) + 1, 0);
  const all = [`各${word}完工率、验收率：`, ...lines.map((l) => l.text)];
  if (size(all) <= room) return all;
  const rank = (l: UnitLine) => l.completionRate ?? Number.POSITIVE_INFINITY;
  const slowest = lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => rank(a.line) - rank(b.line) || a.index - b.index)
    .slice(0, MAX_SLOWEST_UNITS)
    .map(({ line }) => line.text);
  const heading = (shown: number) =>
    shown === 0 ? `共${lines.length}个${word}，各${word}数字见报表文件` : `完工率最低的${shown}个${word}（共${lines.length}个）：`;
  let shown = 0;
  let used = length(heading(lines.length)) + 1;
  while (shown < slowest.length && used + length(slowest[shown]) + 1 <= room) used += length(slowest[shown++]) + 1;
  return [heading(shown), ...slowest.slice(0, shown)];
}

/** The message, lines joined with '\n', no trailing newline. */
export function periodReportText(report: PeriodReport): string {
  const totals = new Map<RepairGrade, PeriodRow>();
  for (const row of report.total) if (row.grade !== 'B+C') totals.set(row.grade, row);
  const remarks = remarkMarkers(report);
  const [thisPeriod, previousPeriod] = report.period.kind === 'week' ? ['本周', '上周'] : ['当日', '前一日'];

  const head = [
    `【${drawableText(report.title)}】`,
    periodLine(report),
    ...REPAIR_GRADES.map((grade) => {
      const row = totals.get(grade);
      if (!row || row.appraised === 0) return `${grade}级：鉴定0户`;
      return (
        `${grade}级：鉴定${row.appraised}户，完工${row.completed}户（${formatPercent(row.completionRate)}），` +
        `验收${row.accepted}户（${formatPercent(row.acceptanceRate)}）${remarks.markerOf(row)}`
      );
    }),
    `${thisPeriod}完工${byGrade(totals, (r) => r.completedInPeriod)}，验收${byGrade(totals, (r) => r.acceptedInPeriod)}；` +
      `${previousPeriod}完工${byGrade(totals, (r) => r.completedInPreviousPeriod)}，验收${byGrade(totals, (r) => r.acceptedInPreviousPeriod)}`,
    `停滞（未验收且${report.stalledAfterDays}天以上无记录变动）：${byGrade(totals, (r) => r.stalled)}`,
  ];
  const notes = [
    ...remarks.quoted.map((remark, i) => `注${MARKERS[i]}：${clip(drawableText(remark), MAX_REMARK_LENGTH)}`),
    ...(remarks.more > 0 ? [`另有${remarks.more}条备注，见报表文件`] : []),
  ];
  const fixed = [...head, ...notes].reduce((sum, line) => sum + length(line) + 1, 0);
  const units = unitSection(report, unitLines(report, remarks.markerOf), TEXT_MAX_LENGTH - 1 - fixed);
  // Names and remarks are clipped, so only a pathological report reaches the last clip.
  return clip([...head, ...units, ...notes].join('\n'), TEXT_MAX_LENGTH - 1);
}
