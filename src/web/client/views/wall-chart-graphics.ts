import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, type GridComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Cleanup } from '../context.js';
import { formatPercent } from '../format.js';

/**
 * The wall chart's graphics with Apache ECharts, loaded only when the wall chart is opened
 * (its own bundle chunk) and tree-shaken to the two chart types, the grid and the SVG renderer.
 * No ECharts legend or tooltip (a sixth of the chunk): the legend is HTML beside the chart, in the
 * page's language, and every number drawn is in the bar labels and in a table next to the chart.
 */
use([BarChart, LineChart, GridComponent, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption>;

/** The series colours, from the stylesheet (--series-…), so the HTML legend and the bars agree. */
function colour(name: 'appraised' | 'completed' | 'accepted'): string {
  return getComputedStyle(document.documentElement).getPropertyValue(`--series-${name}`).trim() || '#555';
}

function font(): string {
  return getComputedStyle(document.documentElement).fontFamily;
}

export interface GradeBars {
  units: string[];
  appraised: number[];
  completed: number[];
  accepted: number[];
  completionRate: (number | null)[];
  acceptanceRate: (number | null)[];
}

export interface TrendLines {
  dates: string[];
  series: { values: (number | null)[]; grade: 'B' | 'C'; kind: 'completion' | 'acceptance' }[];
}

export interface DrawOptions {
  /** False when the user asked for reduced motion. */
  animate: boolean;
  /** A bar was clicked: the index of its unit. */
  onSelect?(index: number): void;
}

/** Horizontal bars, one group per unit (so a long list of villages reads on a phone), ratios beside the bars. */
export function drawGradeBars(element: HTMLElement, data: GradeBars, options: DrawOptions): Cleanup {
  element.style.height = `${Math.max(150, data.units.length * 66 + 40)}px`;
  const rateLabel = (rates: (number | null)[]) => (p: { dataIndex: number; value: unknown }) =>
    `${String(p.value)}（${formatPercent(rates[p.dataIndex])}）`;
  const series: BarSeriesOption[] = [
    {
      type: 'bar',
      name: 'appraised',
      data: data.appraised,
      itemStyle: { color: colour('appraised') },
      label: { show: true, position: 'right', color: '#333' },
    },
    {
      type: 'bar',
      name: 'completed',
      data: data.completed,
      itemStyle: { color: colour('completed') },
      label: { show: true, position: 'right', color: '#333', formatter: rateLabel(data.completionRate) },
    },
    {
      type: 'bar',
      name: 'accepted',
      data: data.accepted,
      itemStyle: { color: colour('accepted') },
      label: { show: true, position: 'right', color: '#333', formatter: rateLabel(data.acceptanceRate) },
    },
  ];
  const option: Option = {
    animation: options.animate,
    textStyle: { fontFamily: font() },
    grid: { left: 8, right: 96, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: data.units, inverse: true, axisLabel: { width: 96, overflow: 'truncate' } },
    series,
  };
  return mount(element, option, (chart) => {
    if (options.onSelect) chart.on('click', (params) => options.onSelect?.(params.dataIndex));
  });
}

/** Completion and acceptance rates (%) of grades B and C at the end of each of the last weeks. */
export function drawTrend(element: HTMLElement, data: TrendLines, options: DrawOptions): Cleanup {
  element.style.height = '260px';
  const option: Option = {
    animation: options.animate,
    textStyle: { fontFamily: font() },
    grid: { left: 8, right: 16, top: 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'category', data: data.dates, boundaryGap: false },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: data.series.map((s) => ({
      type: 'line',
      name: `${s.grade}-${s.kind}`,
      // Rounded down like every displayed rate, so a line reaches 100 only when every household is there.
      data: s.values.map((v) => (v === null ? null : Math.floor(v * 1000 + 1e-6) / 10)),
      connectNulls: false,
      symbolSize: 6,
      itemStyle: { color: colour(s.kind === 'completion' ? 'completed' : 'accepted') },
      lineStyle: { type: s.grade === 'B' ? 'solid' : 'dashed', width: 2 },
      symbol: s.grade === 'B' ? 'circle' : 'rect',
    })),
  };
  return mount(element, option);
}

function mount(element: HTMLElement, option: Option, setUp?: (chart: EChartsType) => void): Cleanup {
  const chart = init(element, null, { renderer: 'svg' });
  chart.setOption(option);
  setUp?.(chart);
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(element);
  return () => {
    observer.disconnect();
    chart.dispose();
  };
}
