import { describe, expect, it } from '@jest/globals';
import { PNG } from 'pngjs';
import type { PeriodReport, PeriodRow } from '../../reports/period/period-report.types.js';
import { QINGXU_WEEK } from '../testing/qingxu-week.fixture.js';
import {
  chartUnits,
  MAX_CHART_UNITS,
  periodChartPng,
  periodChartPngAsync,
  periodChartSvg,
  totalLine,
  unitsHeading,
} from './period-chart.js';
import { manyUnitsCompletionRate, manyUnitsReport } from './testing/many-units.fixture.js';

/** The text content of every <text> element, entities decoded. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1].replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&'),
  );
}

function withRows(rows: PeriodRow[], extra: Partial<PeriodReport> = {}): PeriodReport {
  return { ...QINGXU_WEEK, rows, ...extra };
}

describe('chartUnits', () => {
  it('sums each unit’s B and C rows, in report order', () => {
    const { units, totalUnits, capped } = chartUnits(QINGXU_WEEK);
    expect({ totalUnits, capped }).toEqual({ totalUnits: 3, capped: false });
    expect(units.map((u) => [u.unit.name, u.appraised, u.completed, u.accepted])).toEqual([
      ['孟封村', 239, 203, 148],
      ['小武村', 225, 178, 91],
      ['阎家营村', 155, 138, 86],
    ]);
  });

  it(`keeps the ${MAX_CHART_UNITS} units with the lowest completion rate, lowest first`, () => {
    const { units, totalUnits, capped } = chartUnits(manyUnitsReport(3000));
    expect({ totalUnits, capped, drawn: units.length }).toEqual({ totalUnits: 3000, capped: true, drawn: MAX_CHART_UNITS });
    const expected = Array.from({ length: 3000 }, (_, i) => i)
      .sort((a, b) => manyUnitsCompletionRate(a) - manyUnitsCompletionRate(b) || a - b)
      .slice(0, MAX_CHART_UNITS)
      .map((i) => `第${i + 1}村`);
    expect(units.map((u) => u.unit.name)).toEqual(expected);
  });

  it('puts units with nothing appraised after every other unit when it caps', () => {
    const report = manyUnitsReport(MAX_CHART_UNITS + 1);
    const empty = report.rows.slice(0, 2).map((r) => ({ ...r, appraised: 0, completed: 0, accepted: 0, completionRate: null, acceptanceRate: null }));
    const { units } = chartUnits(withRows([...empty, ...report.rows.slice(2)]));
    expect(units.map((u) => u.unit.name)).not.toContain('第1村');
  });

  it('does not merge two units that share a name', () => {
    const twin = QINGXU_WEEK.rows.slice(0, 2).map((r) => ({ ...r, unit: { ...r.unit, id: 99 } }));
    expect(chartUnits(withRows([...QINGXU_WEEK.rows, ...twin])).units.map((u) => u.unit.name)).toEqual(['孟封村', '小武村', '阎家营村', '孟封村']);
  });
});

describe('text lines', () => {
  it('gives the B+C total with its completion rate rounded down', () => {
    expect(totalLine(QINGXU_WEEK)).toBe('合计（B+C）：鉴定 619 户，完工 519 户（83.8%），验收 325 户');
  });

  it.each([
    ['village', 3, '各村完工率与验收率，B、C级合计'],
    ['township', 3, '各镇完工率与验收率，B、C级合计'],
    ['village', 3000, `完工率最低的${MAX_CHART_UNITS}个村（共3000个），B、C级合计`],
  ] as const)('heads the unit bars for %s × %i', (groupBy, count, heading) => {
    const report = count === 3 ? { ...QINGXU_WEEK, groupBy } : { ...manyUnitsReport(count), groupBy };
    expect(unitsHeading(report, chartUnits(report))).toBe(heading);
  });
});

describe('periodChartSvg', () => {
  const svg = periodChartSvg(QINGXU_WEEK);
  const texts = svgTexts(svg);

  it('is a 1080 × 1920 SVG document by default', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/^<svg[^>]* width="1080" height="1920"/);
  });

  it.each([
    ['the title', QINGXU_WEEK.title],
    ['the period', QINGXU_WEEK.period.label],
    ['the total line', '合计（B+C）：鉴定 619 户，完工 519 户（83.8%），验收 325 户'],
    ['the generation time in Beijing time', '清徐县 · 生成时间：2021-12-27 09:30（北京时间）'],
    ['the unit heading', '各村完工率与验收率，B、C级合计'],
    ['the trend heading', '近8周每周完工、验收户数，B、C级合计'],
  ])('shows %s', (_, text) => {
    expect(texts).toContain(text);
  });

  it.each([
    // unit, completion (B+C), acceptance (B+C): rounded down
    ['孟封村', '84.9%', '61.9%'],
    ['小武村', '79.1%', '40.4%'],
    ['阎家营村', '89.0%', '55.4%'],
  ])('draws %s with its rates %s and %s', (name, completion, acceptance) => {
    expect(texts).toContain(name);
    expect(texts).toContain(completion);
    expect(texts).toContain(acceptance);
  });

  it('rounds rates down (2 of 3 is 66.6%, not 66.7%)', () => {
    const [b, c] = QINGXU_WEEK.rows;
    const rows = [
      { ...b, appraised: 3, completed: 2, accepted: 1 },
      { ...c, appraised: 0, completed: 0, accepted: 0 },
    ];
    const labels = svgTexts(periodChartSvg(withRows(rows)));
    expect(labels).toContain('66.6%');
    expect(labels).toContain('33.3%');
    expect(labels).not.toContain('66.7%');
  });

  it('labels the trend weeks by their first day', () => {
    expect(texts).toEqual(expect.arrayContaining(['11/01', '11/08', '12/13', '12/20']));
  });

  it('writes every text in the bundled CJK font', () => {
    const styles = [...svg.matchAll(/<text\b[^>]*style="([^"]*)"/g)].map((m) => m[1]);
    expect(styles.length).toBe(texts.length);
    for (const style of styles) expect(style).toContain('font-family:Noto Sans SC');
  });

  it('escapes markup in names', () => {
    const rows = QINGXU_WEEK.rows.map((r) => ({ ...r, unit: { ...r.unit, name: `${r.unit.name}<&>` } }));
    const escaped = periodChartSvg(withRows(rows, { title: '周报 "A&B"' }));
    expect(svgTexts(escaped)).toEqual(expect.arrayContaining(['孟封村<&>', '周报 "A&B"']));
    expect(escaped).not.toContain('孟封村<&>');
  });

  it('names the cap and draws only the capped units for 3000 villages', () => {
    const report = manyUnitsReport(3000);
    const capped = svgTexts(periodChartSvg(report));
    expect(capped).toContain(`完工率最低的${MAX_CHART_UNITS}个村（共3000个），B、C级合计`);
    const drawn = capped.filter((t) => /^第\d+村$/.test(t));
    expect(drawn).toEqual(chartUnits(report).units.map((u) => u.unit.name));
  });
});

describe('periodChartPng', () => {
  /** Pixels whose red, green and blue are all below 90: text, not bars or background. */
  function darkPixels(png: PNG, top: number, bottom: number): number {
    let dark = 0;
    for (let y = top; y < bottom; y++) {
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        if (png.data[i] < 90 && png.data[i + 1] < 90 && png.data[i + 2] < 90 && png.data[i + 3] > 200) dark++;
      }
    }
    return dark;
  }

  function colours(png: PNG): number {
    const seen = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4) seen.add(png.data.readUInt32BE(i));
    return seen.size;
  }

  it('renders the fixture at 1080 × 1920 with text in the title area', () => {
    const png = PNG.sync.read(periodChartPng(QINGXU_WEEK));
    expect([png.width, png.height]).toEqual([1080, 1920]);
    expect(colours(png)).toBeGreaterThan(2);
    // The title's glyphs sit between about y = 40 and 110.
    expect(darkPixels(png, 30, 120)).toBeGreaterThan(2000);
    // The white background is opaque (a transparent PNG shows black in some chat clients).
    expect([...png.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it('renders a 3000-village report in one piece', async () => {
    const png = PNG.sync.read(await periodChartPngAsync(manyUnitsReport(3000)));
    expect([png.width, png.height]).toEqual([1080, 1920]);
    expect(darkPixels(png, 30, 120)).toBeGreaterThan(2000);
    // Unit names and bar labels fill the top chart.
    expect(darkPixels(png, 300, 1200)).toBeGreaterThan(5000);
  });

  it('takes another size', () => {
    const png = PNG.sync.read(periodChartPng(QINGXU_WEEK, { width: 540, height: 960 }));
    expect([png.width, png.height]).toEqual([540, 960]);
    expect(darkPixels(png, 15, 60)).toBeGreaterThan(300);
  });
});
