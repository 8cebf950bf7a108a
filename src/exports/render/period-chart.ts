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
import { formatPercent, ratio, type ReportUnit } from '../../reports/progress-arithmetic.js';
import type { PeriodReport, PeriodRow, TrendWeek } from '../../reports/period/period-report.types.js';
import { formatBeijingTime } from '../../common/dates.js';
import { CJK_FONT_FAMILY, cjkFontPath } from './fonts.js';
import { UNIT_WORDS } from './unit-words.js';

/**
 * The period report as one portrait picture for a phone screen (it is posted into WeChat
 * groups): completion and acceptance rate by unit, the weekly trend, and the totals. ECharts
 * draws it as SVG on the server; resvg turns the SVG into PNG with the bundled CJK font.
 *
 * Measured on the two-core development machine with a throwaway script (not a timed test): the
 * SVG takes 20–40 ms; the PNG about 0.35 s for the Qingxu fixture (3 villages) and 0.8 s for a
 * 3000-village report (25 villages drawn). Nearly all of it is resvg laying out text with this
 * 10 MB font: about 3.5 ms per text element plus 1 ms per glyph, so every label counts (the
 * trend leaves out its zeros). The PNG is 110–190 KB.
 */

use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption>;

export interface ChartSize {
  width: number;
  height: number;
}

/** 1080 × 1920: a full phone screen, portrait. */
export const DEFAULT_CHART_SIZE: ChartSize = { width: 1080, height: 1920 };

/** More units than this do not fit as bars: the chart shows those with the lowest completion rate. */
export const MAX_CHART_UNITS = 25;

/** One unit's B and C rows summed. */
export interface UnitTotals {
  unit: ReportUnit;
  appraised: number;
  completed: number;
  accepted: number;
  completionRate: number | null;
  acceptanceRate: number | null;
}

export interface ChartUnits {
  /** The units drawn, top to bottom. */
  units: UnitTotals[];
  /** How many units the report has. */
  totalUnits: number;
  /** True when only the MAX_CHART_UNITS with the lowest completion rate are drawn. */
  capped: boolean;
}

function unitKey(unit: ReportUnit): string {
  return `${unit.level}:${unit.id ?? unit.name}`;
}

function totalsOf(unit: ReportUnit, rows: readonly PeriodRow[]): UnitTotals {
  const sum = (pick: (r: PeriodRow) => number) => rows.reduce((acc, r) => acc + pick(r), 0);
  const appraised = sum((r) => r.appraised);
  const completed = sum((r) => r.completed);
  const accepted = sum((r) => r.accepted);
  return {
    unit,
    appraised,
    completed,
    accepted,
    completionRate: ratio(completed, appraised),
    acceptanceRate: ratio(accepted, appraised),
  };
}

/**
 * Each unit's B and C rows summed, in report order; beyond MAX_CHART_UNITS units, the ones with
 * the lowest completion rate, lowest first (units with nothing appraised last, ties in report
 * order).
 */
export function chartUnits(report: PeriodReport): ChartUnits {
  const byUnit = new Map<string, { unit: ReportUnit; rows: PeriodRow[] }>();
  for (const row of report.rows) {
    const key = unitKey(row.unit);
    const entry = byUnit.get(key);
    if (entry) entry.rows.push(row);
    else byUnit.set(key, { unit: row.unit, rows: [row] });
  }
  const all = [...byUnit.values()].map(({ unit, rows }) => totalsOf(unit, rows));
  if (all.length <= MAX_CHART_UNITS) return { units: all, totalUnits: all.length, capped: false };
  const rank = (u: UnitTotals) => u.completionRate ?? Number.POSITIVE_INFINITY;
  const lowest = all
    .map((u, index) => ({ u, index }))
    .sort((a, b) => rank(a.u) - rank(b.u) || a.index - b.index)
    .slice(0, MAX_CHART_UNITS)
    .map(({ u }) => u);
  return { units: lowest, totalUnits: all.length, capped: true };
}

/** The B+C total row, or the B and C total rows summed when the report has none. */
function grandTotal(report: PeriodReport): UnitTotals {
  const combined = report.total.find((r) => r.grade === 'B+C');
  const rows = combined ? [combined] : report.total.filter((r) => r.grade !== 'B+C');
  return totalsOf(combined?.unit ?? { id: null, name: '合计', level: 'all' }, rows);
}

/** '合计（B+C）：鉴定 619 户，完工 519 户（83.8%），验收 325 户' */
export function totalLine(report: PeriodReport): string {
  const t = grandTotal(report);
  return `合计（B+C）：鉴定 ${t.appraised} 户，完工 ${t.completed} 户（${formatPercent(t.completionRate)}），验收 ${t.accepted} 户`;
}

/** The section heading over the unit bars. */
export function unitsHeading(report: PeriodReport, units: ChartUnits): string {
  const word = UNIT_WORDS[report.groupBy];
  return units.capped
    ? `完工率最低的${units.units.length}个${word}（共${units.totalUnits}个），B、C级合计`
    : `各${word}完工率与验收率，B、C级合计`;
}

/** '2021-12-20' → '12/20' */
function weekLabel(week: TrendWeek): string {
  return `${week.start.slice(5, 7)}/${week.start.slice(8, 10)}`;
}

/** Roughly how many ems a text is wide: CJK and full-width characters 1, others about half. */
function emWidth(text: string): number {
  let ems = 0;
  for (const ch of text) ems += ch.codePointAt(0)! > 0x2e80 ? 1 : 0.55;
  return ems;
}

/** The largest font size up to `max` at which `text` fits in `width` pixels. */
function fittingFontSize(text: string, width: number, max: number): number {
  return Math.max(12, Math.min(max, Math.floor(width / Math.max(1, emWidth(text)))));
}

const COMPLETED_COLOR = '#2e7d32';
const ACCEPTED_COLOR = '#1565c0';
const TEXT_COLOR = '#1f2329';
const MUTED_COLOR = '#5f6368';

function chartOption(report: PeriodReport, size: ChartSize): ChartOption {
  const { width, height } = size;
  /** Lengths below are for 1080 × 1920 and scale with the picture. */
  const k = Math.min(width / DEFAULT_CHART_SIZE.width, height / DEFAULT_CHART_SIZE.height);
  const y = (px: number) => Math.round((px / DEFAULT_CHART_SIZE.height) * height);
  const px = (n: number) => Math.max(1, Math.round(n * k));
  const font = { fontFamily: CJK_FONT_FAMILY };
  const margin = px(48);

  const units = chartUnits(report);
  const completionRates = units.units.map((u) => u.completionRate);
  const acceptanceRates = units.units.map((u) => u.acceptanceRate);
  const percentValue = (rate: number | null) => (rate === null ? '-' : rate * 100);
  const percentLabel = (rates: (number | null)[]) => (p: { dataIndex: number }) => formatPercent(rates[p.dataIndex]);
  /** Weeks without a change get no '0' over an empty bar. */
  const nonZero = (p: { value?: unknown }) => (p.value ? String(p.value) : '');
  const trendHeading = `近${report.trend.length}周每周完工、验收户数，B、C级合计`;

  const heading = (text: string, top: number): TitleComponentOption => ({
    text,
    left: margin,
    top: y(top),
    textStyle: { ...font, fontSize: px(30), fontWeight: 'bold', color: TEXT_COLOR },
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
  const barLabel = { ...font, fontSize: px(19), color: TEXT_COLOR };

  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: font,
    title: [
      {
        text: report.title,
        subtext: report.period.label,
        left: 'center',
        top: y(40),
        itemGap: px(16),
        textStyle: { ...font, fontSize: fittingFontSize(report.title, width - 2 * margin, px(46)), fontWeight: 'bold', color: TEXT_COLOR },
        subtextStyle: { ...font, fontSize: fittingFontSize(report.period.label, width - 2 * margin, px(30)), color: MUTED_COLOR },
      },
      heading(unitsHeading(report, units), 190),
      heading(trendHeading, 1280),
      {
        text: totalLine(report),
        subtext: `${report.areaName} · 生成时间：${formatBeijingTime(report.generatedAt)}（北京时间）`,
        left: margin,
        top: y(1790),
        itemGap: px(14),
        textStyle: { ...font, fontSize: fittingFontSize(totalLine(report), width - 2 * margin, px(30)), fontWeight: 'bold', color: TEXT_COLOR },
        subtextStyle: { ...font, fontSize: px(22), color: MUTED_COLOR },
      },
    ],
    legend: [legend(['完工率', '验收率'], 240), legend(['本周完工', '本周验收'], 1330)],
    grid: [
      { left: px(180), right: px(130), top: y(290), bottom: height - y(1220), containLabel: false },
      { left: px(100), right: margin, top: y(1390), bottom: height - y(1710), containLabel: false },
    ],
    xAxis: [
      {
        gridIndex: 0,
        type: 'value',
        min: 0,
        max: 100,
        interval: 20,
        axisLabel: { ...axisText, formatter: '{value}%' },
        splitLine: { lineStyle: { color: '#e5e6eb' } },
      },
      {
        gridIndex: 1,
        type: 'category',
        data: report.trend.map(weekLabel),
        axisLabel: { ...axisText, interval: 0 },
        axisTick: { alignWithLabel: true },
      },
    ],
    yAxis: [
      {
        gridIndex: 0,
        type: 'category',
        inverse: true,
        // Positions, not names: two units may share a name, and a category axis merges equal names.
        data: units.units.map((_, i) => String(i)),
        axisLabel: {
          ...axisText,
          color: TEXT_COLOR,
          fontSize: px(22),
          interval: 0,
          width: px(160),
          overflow: 'truncate',
          formatter: (value: string) => units.units[Number(value)]?.unit.name ?? '',
        },
        axisTick: { show: false },
      },
      {
        gridIndex: 1,
        type: 'value',
        minInterval: 1,
        axisLabel: axisText,
        splitLine: { lineStyle: { color: '#e5e6eb' } },
      },
    ],
    series: [
      {
        name: '完工率',
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: completionRates.map(percentValue),
        itemStyle: { color: COMPLETED_COLOR },
        barMaxWidth: px(36),
        barGap: '15%',
        label: { show: true, position: 'right', ...barLabel, formatter: percentLabel(completionRates) },
      },
      {
        name: '验收率',
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: acceptanceRates.map(percentValue),
        itemStyle: { color: ACCEPTED_COLOR },
        barMaxWidth: px(36),
        label: { show: true, position: 'right', ...barLabel, formatter: percentLabel(acceptanceRates) },
      },
      {
        name: '本周完工',
        type: 'bar',
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: report.trend.map((w) => w.completed),
        itemStyle: { color: COMPLETED_COLOR },
        barMaxWidth: px(40),
        label: { show: true, position: 'top', ...barLabel, formatter: nonZero },
      },
      {
        name: '本周验收',
        type: 'bar',
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: report.trend.map((w) => w.accepted),
        itemStyle: { color: ACCEPTED_COLOR },
        barMaxWidth: px(40),
        label: { show: true, position: 'top', ...barLabel, formatter: nonZero },
      },
    ],
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
