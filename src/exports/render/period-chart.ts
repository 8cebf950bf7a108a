import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TitleComponent,
  type TitleComponentOption,
} from 'echarts/components';
import { type ComposeOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { REPAIR_GRADES, type RepairGrade } from '../../households/damage-grade.js';
import { formatPercent, type ReportUnit } from '../../reports/progress-arithmetic.js';
import type { PeriodReport, PeriodRow, TrendWeek } from '../../reports/period/period-report.types.js';
import { formatBeijingTime } from '../../common/dates.js';
import { CJK_FONT_FAMILY, cjkFontPath } from './fonts.js';
import { UNIT_WORDS } from './unit-words.js';

/**
 * The period report as one portrait picture for a phone screen (it is posted into WeChat
 * groups): for each grade, B and C apart, completion and acceptance rate by unit; the weekly
 * trend; and each grade's totals. ECharts draws it as SVG on the server; resvg turns the SVG into
 * PNG with the bundled CJK font.
 *
 * B and C are never added up here. A grade's figure may be unreported (the seed's source gave no
 * C acceptance: its rows carry a remark saying so, and their accepted count of 0 means "not
 * reported"), and a sum would pass that 0 off as a measurement: B+C acceptance 52.5% where B's
 * own is 81.8%. So each grade has its own panel, as the county's own reports give B级 and C级
 * apart, and a remark is drawn under the heading of the grade it belongs to, numbered ① ② … there,
 * on the units whose rows carry it and on the grade's total, so the reader meets it next to the figure it qualifies.
 * The trend adds up B and C: it counts moves recorded in the tracker (never a baseline), which
 * are known for both grades.
 *
 * Measured on the two-core development machine with a throwaway script (not a timed test): the
 * SVG takes 20–40 ms; the PNG about 0.35 s for the Qingxu fixture (3 villages) and 0.8 s for a
 * 3000-village report. Nearly all of it is resvg laying out text with this 10 MB font: about
 * 3.5 ms per text element plus 1 ms per glyph, so every label counts (the trend leaves out its
 * zeros). The PNG is 110–190 KB.
 */

use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption>;

export interface ChartSize {
  width: number;
  height: number;
}

/** 1080 × 1920: a full phone screen, portrait. */
export const DEFAULT_CHART_SIZE: ChartSize = { width: 1080, height: 1920 };

/** More units than this do not fit in a grade's panel: it shows those with the lowest completion rate. */
export const MAX_CHART_UNITS = 10;

/** Lines for the remarks under a grade's heading, at most (see gradeNotes). */
const NOTE_LINES = 3;
const MARKERS = ['①', '②', '③', '④', '⑤', '⑥'];

/** One unit's row for one grade, as drawn. */
export interface UnitBar {
  unit: ReportUnit;
  appraised: number;
  completed: number;
  accepted: number;
  completionRate: number | null;
  acceptanceRate: number | null;
  remarks: string[];
}

export interface ChartUnits {
  grade: RepairGrade;
  /** The units drawn, top to bottom. */
  units: UnitBar[];
  /** How many units the report has. */
  totalUnits: number;
  /** True when only the MAX_CHART_UNITS with the lowest completion rate are drawn. */
  capped: boolean;
}

function unitKey(unit: ReportUnit): string {
  return `${unit.level}:${unit.id ?? unit.name}`;
}

function barOf(unit: ReportUnit, row: PeriodRow | undefined): UnitBar {
  if (!row) return { unit, appraised: 0, completed: 0, accepted: 0, completionRate: null, acceptanceRate: null, remarks: [] };
  const { appraised, completed, accepted, completionRate, acceptanceRate, remarks } = row;
  return { unit, appraised, completed, accepted, completionRate, acceptanceRate, remarks };
}

/**
 * Each unit's row for `grade`, in report order; beyond MAX_CHART_UNITS units, the ones with the
 * lowest completion rate in that grade, lowest first (units with nothing appraised last, ties in
 * report order).
 */
export function chartUnits(report: PeriodReport, grade: RepairGrade): ChartUnits {
  const byUnit = new Map<string, { unit: ReportUnit; row?: PeriodRow }>();
  for (const row of report.rows) {
    const key = unitKey(row.unit);
    const entry = byUnit.get(key) ?? { unit: row.unit };
    if (row.grade === grade) entry.row = row;
    byUnit.set(key, entry);
  }
  const all = [...byUnit.values()].map(({ unit, row }) => barOf(unit, row));
  if (all.length <= MAX_CHART_UNITS) return { grade, units: all, totalUnits: all.length, capped: false };
  const rank = (u: UnitBar) => u.completionRate ?? Number.POSITIVE_INFINITY;
  const lowest = all
    .map((u, index) => ({ u, index }))
    .sort((a, b) => rank(a.u) - rank(b.u) || a.index - b.index)
    .slice(0, MAX_CHART_UNITS)
    .map(({ u }) => u);
  return { grade, units: lowest, totalUnits: all.length, capped: true };
}

/** A grade's remarks (from its total row, which carries every unit's), each with its marker. */
export interface GradeNotes {
  /** The remarks drawn; `markers[i]` marks `remarks[i]`. */
  remarks: string[];
  markers: string[];
  /** Remarks beyond those drawn. */
  more: number;
}

/**
 * The remarks under a grade's heading fill at most NOTE_LINES lines: one remark may wrap over all
 * of them; two or three take a line each (cut with '…'); beyond three, two are drawn and a third
 * line counts the rest.
 */
export function gradeNotes(report: PeriodReport, grade: RepairGrade): GradeNotes {
  // Numbered across the grades (B's ①, then C's ②), so a marker on the totals means one thing.
  let numbered = 0;
  for (const g of REPAIR_GRADES) {
    const all = [...new Set(report.total.filter((r) => r.grade === g).flatMap((r) => r.remarks))];
    const remarks = all.length <= NOTE_LINES ? all : all.slice(0, NOTE_LINES - 1);
    if (g === grade) return { remarks, markers: MARKERS.slice(numbered, numbered + remarks.length), more: all.length - remarks.length };
    numbered += remarks.length;
  }
  return { remarks: [], markers: [], more: 0 };
}

/** The lines drawn under a grade's heading for `notes`, at most `ems` ems wide (see gradeNotes). */
export function noteLines(notes: GradeNotes, ems: number): string[] {
  const lines = notes.remarks.map((remark, i) => `注${notes.markers[i]}：${remark}`);
  if (lines.length === 1 && notes.more === 0) return wrapLines(lines[0], ems, NOTE_LINES);
  return [...lines.map((line) => wrapLines(line, ems, 1)[0]), ...(notes.more > 0 ? [`另有${notes.more}条备注，见报表文件`] : [])];
}

/** The markers of the drawn remarks that `remarks` (a row's) holds: '①', or ''. */
function markersOf(notes: GradeNotes, remarks: readonly string[]): string {
  return notes.remarks.map((r, i) => (remarks.includes(r) ? notes.markers[i] : '')).join('');
}

function gradeTotal(report: PeriodReport, grade: RepairGrade): PeriodRow | undefined {
  return report.total.find((r) => r.grade === grade);
}

/** 'C级：鉴定 222 户，完工 161 户（72.5%），验收 0 户（0.0%）①' */
export function totalLine(report: PeriodReport, grade: RepairGrade): string {
  const row = gradeTotal(report, grade);
  if (!row || row.appraised === 0) return `${grade}级：鉴定 0 户`;
  const marker = markersOf(gradeNotes(report, grade), row.remarks);
  return `${grade}级：鉴定 ${row.appraised} 户，完工 ${row.completed} 户（${formatPercent(row.completionRate)}），验收 ${row.accepted} 户（${formatPercent(row.acceptanceRate)}）${marker}`;
}

/** The heading over a grade's unit bars. */
export function unitsHeading(report: PeriodReport, units: ChartUnits): string {
  const word = UNIT_WORDS[report.groupBy];
  return units.capped
    ? `${units.grade}级：完工率最低的${units.units.length}个${word}（共${units.totalUnits}个）`
    : `${units.grade}级：各${word}完工率与验收率`;
}

/** '2021-12-20' → '12/20' */
function weekLabel(week: TrendWeek): string {
  return `${week.start.slice(5, 7)}/${week.start.slice(8, 10)}`;
}

/** Roughly how many ems a text is wide: CJK, full-width and circled (①) characters 1, others about half. */
function emWidth(text: string): number {
  let ems = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    ems += code > 0x2e80 || (code >= 0x2460 && code <= 0x24ff) ? 1 : 0.55;
  }
  return ems;
}

/** The largest font size up to `max` at which `text` fits in `width` pixels. */
function fittingFontSize(text: string, width: number, max: number): number {
  return Math.max(12, Math.min(max, Math.floor(width / Math.max(1, emWidth(text)))));
}

/** `text` broken into lines of at most `ems` ems, at most `maxLines` of them (the last cut with '…'). */
export function wrapLines(text: string, ems: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (emWidth(line + ch) > ems) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = Array.from(kept[maxLines - 1]);
  kept[maxLines - 1] = `${last.slice(0, last.length - 1).join('')}…`;
  return kept;
}

const COMPLETED_COLOR = '#2e7d32';
const ACCEPTED_COLOR = '#1565c0';
const TEXT_COLOR = '#1f2329';
const MUTED_COLOR = '#5f6368';
/** The remarks: dark orange, 6.6:1 on white. */
const NOTE_COLOR = '#9a3412';

/** Positions in the 1080 × 1920 frame (scaled to other sizes). */
const LAYOUT = {
  title: 40,
  panelsTop: 180,
  panelsBottom: 1330,
  trendHeading: 1350,
  trendLegend: 1396,
  trendGridTop: 1476,
  trendGridBottom: 1660,
  totals: 1712,
  footer: 1830,
  headingHeight: 50,
  noteLineHeight: 32,
  axisRoom: 44,
};

function chartOption(report: PeriodReport, size: ChartSize): ChartOption {
  const { width, height } = size;
  /** Lengths below are for 1080 × 1920 and scale with the picture. */
  const k = Math.min(width / DEFAULT_CHART_SIZE.width, height / DEFAULT_CHART_SIZE.height);
  const y = (px: number) => Math.round((px / DEFAULT_CHART_SIZE.height) * height);
  const px = (n: number) => Math.max(1, Math.round(n * k));
  const font = { fontFamily: CJK_FONT_FAMILY };
  const margin = px(48);
  const noteFont = 22;
  const noteEms = Math.floor((DEFAULT_CHART_SIZE.width - 2 * 48) / noteFont);

  const percentValue = (rate: number | null) => (rate === null ? '-' : rate * 100);
  const percentLabel = (rates: (number | null)[]) => (p: { dataIndex: number }) => formatPercent(rates[p.dataIndex]);
  /** Weeks without a change get no '0' over an empty bar. */
  const nonZero = (p: { value?: unknown }) => (typeof p.value === 'number' && p.value !== 0 ? String(p.value) : '');
  const trendHeading = `近${report.trend.length}周每周完工、验收户数，B、C级合计`;

  const text = (content: string, left: number, top: number, style: Record<string, unknown>): TitleComponentOption => ({
    text: content,
    left,
    top: y(top),
    textStyle: { ...font, ...style },
  });
  const heading = (content: string, top: number) =>
    text(content, margin, top, {
      fontSize: fittingFontSize(content, width - 2 * margin - px(260), px(30)),
      fontWeight: 'bold',
      color: TEXT_COLOR,
    });
  const legend = (names: string[], top: number): LegendComponentOption => ({
    data: names,
    right: margin,
    top: y(top),
    itemWidth: px(28),
    itemHeight: px(18),
    textStyle: { ...font, fontSize: px(22), color: TEXT_COLOR },
  });
  const axisText = { ...font, fontSize: px(20), color: MUTED_COLOR };
  const barLabel = { ...font, fontSize: px(18), color: TEXT_COLOR };

  const titles: TitleComponentOption[] = [
    {
      text: report.title,
      subtext: report.period.label,
      left: 'center',
      top: y(LAYOUT.title),
      itemGap: px(16),
      textStyle: { ...font, fontSize: fittingFontSize(report.title, width - 2 * margin, px(46)), fontWeight: 'bold', color: TEXT_COLOR },
      subtextStyle: { ...font, fontSize: fittingFontSize(report.period.label, width - 2 * margin, px(30)), color: MUTED_COLOR },
    },
  ];
  const grids: GridComponentOption[] = [];
  const xAxes: NonNullable<ChartOption['xAxis']> & unknown[] = [];
  const yAxes: NonNullable<ChartOption['yAxis']> & unknown[] = [];
  const series: BarSeriesOption[] = [];

  const panelHeight = (LAYOUT.panelsBottom - LAYOUT.panelsTop) / REPAIR_GRADES.length;
  REPAIR_GRADES.forEach((grade, index) => {
    const top = LAYOUT.panelsTop + index * panelHeight;
    const units = chartUnits(report, grade);
    const notes = gradeNotes(report, grade);
    const lines = noteLines(notes, noteEms);
    titles.push(heading(unitsHeading(report, units), top));
    lines.forEach((line, i) =>
      titles.push(
        text(line, margin, top + LAYOUT.headingHeight + i * LAYOUT.noteLineHeight, {
          fontSize: px(noteFont),
          fontWeight: 'normal',
          color: NOTE_COLOR,
        }),
      ),
    );
    const gridTop = top + LAYOUT.headingHeight + lines.length * LAYOUT.noteLineHeight + 8;
    grids.push({ left: px(190), right: px(120), top: y(gridTop), bottom: height - y(top + panelHeight - LAYOUT.axisRoom) });
    xAxes.push({
      gridIndex: index,
      type: 'value',
      min: 0,
      max: 100,
      interval: 20,
      axisLabel: { ...axisText, formatter: '{value}%' },
      splitLine: { lineStyle: { color: '#e5e6eb' } },
    });
    const names = units.units.map((u) => `${u.unit.name}${markersOf(notes, u.remarks)}`);
    yAxes.push({
      gridIndex: index,
      type: 'category',
      inverse: true,
      // Positions, not names: two units may share a name, and a category axis merges equal names.
      data: units.units.map((_, i) => String(i)),
      axisLabel: {
        ...axisText,
        color: TEXT_COLOR,
        fontSize: px(22),
        interval: 0,
        width: px(170),
        overflow: 'truncate',
        formatter: (value: string) => names[Number(value)] ?? '',
      },
      axisTick: { show: false },
    });
    const completion = units.units.map((u) => u.completionRate);
    const acceptance = units.units.map((u) => u.acceptanceRate);
    const bar = (name: string, rates: (number | null)[], color: string): BarSeriesOption => ({
      name,
      type: 'bar',
      xAxisIndex: index,
      yAxisIndex: index,
      data: rates.map(percentValue),
      itemStyle: { color },
      barMaxWidth: px(32),
      barGap: '15%',
      label: { show: true, position: 'right', ...barLabel, formatter: percentLabel(rates) },
    });
    series.push(bar('完工率', completion, COMPLETED_COLOR), bar('验收率', acceptance, ACCEPTED_COLOR));
  });

  const trendIndex = REPAIR_GRADES.length;
  titles.push(heading(trendHeading, LAYOUT.trendHeading));
  grids.push({ left: px(100), right: margin, top: y(LAYOUT.trendGridTop), bottom: height - y(LAYOUT.trendGridBottom) });
  xAxes.push({
    gridIndex: trendIndex,
    type: 'category',
    data: report.trend.map(weekLabel),
    axisLabel: { ...axisText, interval: 0 },
    axisTick: { alignWithLabel: true },
  });
  yAxes.push({ gridIndex: trendIndex, type: 'value', minInterval: 1, axisLabel: axisText, splitLine: { lineStyle: { color: '#e5e6eb' } } });
  const trendBar = (name: string, values: number[], color: string): BarSeriesOption => ({
    name,
    type: 'bar',
    xAxisIndex: trendIndex,
    yAxisIndex: trendIndex,
    data: values,
    itemStyle: { color },
    barMaxWidth: px(40),
    label: { show: true, position: 'top', ...barLabel, formatter: nonZero },
  });
  series.push(
    trendBar(
      '本周完工',
      report.trend.map((w) => w.completed),
      COMPLETED_COLOR,
    ),
    trendBar(
      '本周验收',
      report.trend.map((w) => w.accepted),
      ACCEPTED_COLOR,
    ),
  );

  REPAIR_GRADES.forEach((grade, i) => {
    const line = totalLine(report, grade);
    titles.push(
      text(line, margin, LAYOUT.totals + i * 48, {
        fontSize: fittingFontSize(line, width - 2 * margin, px(30)),
        fontWeight: 'bold',
        color: TEXT_COLOR,
      }),
    );
  });
  titles.push(
    text(`${report.areaName} · 生成时间：${formatBeijingTime(report.generatedAt)}（北京时间）`, margin, LAYOUT.footer, {
      fontSize: px(22),
      fontWeight: 'normal',
      color: MUTED_COLOR,
    }),
  );

  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: font,
    title: titles,
    legend: [legend(['完工率', '验收率'], LAYOUT.panelsTop), legend(['本周完工', '本周验收'], LAYOUT.trendLegend)],
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    series,
  };
}

/** The chart as an SVG document (text as text, in the 'Noto Sans SC' family). */
export function periodChartSvg(report: PeriodReport, size: ChartSize = DEFAULT_CHART_SIZE): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(chartOption(report, size));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * resvg 2.6 takes font files by path (it has no font buffers option) and is told not to look for
 * system fonts, so every glyph comes from Noto Sans SC.
 */
function resvgOptions(): ResvgRenderOptions {
  return {
    font: {
      fontFiles: [cjkFontPath('regular'), cjkFontPath('bold')],
      loadSystemFonts: false,
      defaultFontFamily: CJK_FONT_FAMILY,
    },
    fitTo: { mode: 'original' },
  };
}

/** The chart as PNG, `size` pixels. Blocks the event loop for 0.3–0.8 s (see the module comment). */
export function periodChartPng(report: PeriodReport, size: ChartSize = DEFAULT_CHART_SIZE): Buffer {
  return new Resvg(periodChartSvg(report, size), resvgOptions()).render().asPng();
}

/** The same PNG, rasterised on libuv's thread pool so the event loop stays free meanwhile. */
export async function periodChartPngAsync(report: PeriodReport, size: ChartSize = DEFAULT_CHART_SIZE): Promise<Buffer> {
  const image = await renderAsync(periodChartSvg(report, size), resvgOptions());
  return image.asPng();
}
