import { describe, expect, it } from '@jest/globals';
import { PNG } from 'pngjs';
import type { PeriodReport, PeriodRow } from '../../reports/period/period-report.types.js';
import { QINGXU_WEEK } from '../../../test/support/exports/qingxu-week.fixture.js';
import {
  chartUnits,
  gradeNotes,
  MAX_CHART_UNITS,
  noteLines,
  periodChartPng,
  periodChartPngAsync,
  periodChartSvg,
  totalLine,
  unitsHeading,
  wrapLines,
} from './period-chart.js';
import { manyUnitsReport } from '../../../test/support/exports/many-units.fixture.js';

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
  it('takes each unit’s row for one grade, in report order', () => {
    const pick = (grade: 'B' | 'C') => {
      const { units, totalUnits, capped } = chartUnits(QINGXU_WEEK, grade);
      return { totalUnits, capped, units: units.map((u) => [u.unit.name, u.appraised, u.completed, u.accepted]) };
    };
    expect(pick('B')).toEqual({
      totalUnits: 3,
      capped: false,
      units: [
        ['孟封村', 174, 158, 148],
        ['小武村', 124, 104, 91],
        ['阎家营村', 99, 96, 86],
      ],
    });
    expect(pick('C').units).toEqual([
      ['孟封村', 65, 45, 0],
      ['小武村', 101, 74, 0],
      ['阎家营村', 56, 42, 0],
    ]);
  });

  it(`keeps the ${MAX_CHART_UNITS} units with the lowest completion rate in the grade, lowest first`, () => {
    const { units, totalUnits, capped } = chartUnits(manyUnitsReport(3000), 'B');
    expect({ totalUnits, capped, drawn: units.length }).toEqual({ totalUnits: 3000, capped: true, drawn: MAX_CHART_UNITS });
    const bRate = (i: number) => ((i * 37) % 101) / 100;
    const expected = Array.from({ length: 3000 }, (_, i) => i)
      .sort((a, b) => bRate(a) - bRate(b) || a - b)
      .slice(0, MAX_CHART_UNITS)
      .map((i) => `第${i + 1}村`);
    expect(units.map((u) => u.unit.name)).toEqual(expected);
    // Every C row is the same: the first ones in report order.
    expect(chartUnits(manyUnitsReport(3000), 'C').units.map((u) => u.unit.name)).toEqual(
      Array.from({ length: MAX_CHART_UNITS }, (_, i) => `第${i + 1}村`),
    );
  });

  it('puts units with nothing appraised after every other unit when it caps', () => {
    const report = manyUnitsReport(MAX_CHART_UNITS + 1);
    const empty = report.rows
      .slice(0, 2)
      .map((r) => ({ ...r, appraised: 0, completed: 0, accepted: 0, completionRate: null, acceptanceRate: null }));
    const { units } = chartUnits(withRows([...empty, ...report.rows.slice(2)]), 'B');
    expect(units.map((u) => u.unit.name)).not.toContain('第1村');
  });

  it('gives a unit without a row for the grade nothing appraised', () => {
    const { units } = chartUnits(withRows(QINGXU_WEEK.rows.filter((r) => !(r.unit.name === '小武村' && r.grade === 'C'))), 'C');
    expect(units.map((u) => [u.unit.name, u.appraised, u.completionRate])).toEqual([
      ['孟封村', 65, 45 / 65],
      ['小武村', 0, null],
      ['阎家营村', 56, 42 / 56],
    ]);
  });

  it('does not merge two units that share a name', () => {
    const twin = QINGXU_WEEK.rows.slice(0, 2).map((r) => ({ ...r, unit: { ...r.unit, id: 99 } }));
    expect(chartUnits(withRows([...QINGXU_WEEK.rows, ...twin]), 'B').units.map((u) => u.unit.name)).toEqual([
      '孟封村',
      '小武村',
      '阎家营村',
      '孟封村',
    ]);
  });
});

describe('text lines', () => {
  it('gives each grade’s total with its rates rounded down, and the remark’s marker where it applies', () => {
    expect(totalLine(QINGXU_WEEK, 'B')).toBe('B级：鉴定 397 户，完工 358 户（90.1%），验收 325 户（81.8%）');
    expect(totalLine(QINGXU_WEEK, 'C')).toBe('C级：鉴定 222 户，完工 161 户（72.5%），验收 0 户（0.0%）①');
  });

  it.each([
    ['village', 3, 'B', 'B级：各村完工率与验收率'],
    ['township', 3, 'C', 'C级：各镇完工率与验收率'],
    ['village', 3000, 'B', `B级：完工率最低的${MAX_CHART_UNITS}个村（共3000个）`],
  ] as const)('heads the unit bars for %s × %i, grade %s', (groupBy, count, grade, heading) => {
    const report = count === 3 ? { ...QINGXU_WEEK, groupBy } : { ...manyUnitsReport(count), groupBy };
    expect(unitsHeading(report, chartUnits(report, grade))).toBe(heading);
  });

  it.each([
    [['甲'], ['甲'], 0],
    [['甲', '乙', '丙'], ['甲', '乙', '丙'], 0],
    [['甲', '乙', '丙', '丁'], ['甲', '乙'], 2],
  ])('draws the remarks %p as %p and counts %i more', (remarks, drawn, more) => {
    const total = QINGXU_WEEK.total.map((r) => (r.grade === 'C' ? { ...r, remarks } : r));
    expect(gradeNotes({ ...QINGXU_WEEK, total }, 'C')).toEqual({ remarks: drawn, markers: ['①', '②', '③'].slice(0, drawn.length), more });
  });

  it('has no notes for a grade without remarks', () => {
    expect(gradeNotes(QINGXU_WEEK, 'B')).toEqual({ remarks: [], markers: [], more: 0 });
  });

  it('numbers the remarks across the grades, B’s first', () => {
    const total = QINGXU_WEEK.total.map((r) => (r.grade === 'B' ? { ...r, remarks: ['甲', '乙'] } : r));
    const report = { ...QINGXU_WEEK, total };
    expect(gradeNotes(report, 'B').markers).toEqual(['①', '②']);
    expect(gradeNotes(report, 'C')).toMatchObject({ remarks: [QINGXU_WEEK.total[1].remarks[0]], markers: ['③'] });
    expect(totalLine(report, 'C')).toMatch(/（0\.0%）③$/);
  });

  it('wraps a lone remark over up to three lines, and cuts several to a line each', () => {
    expect(wrapLines('一二三四五六七', 3, 5)).toEqual(['一二三', '四五六', '七']);
    expect(wrapLines('一二三四五六七', 3, 2)).toEqual(['一二三', '四五…']);
    expect(noteLines({ remarks: ['很长'.repeat(20)], markers: ['①'], more: 0 }, 10)).toEqual([
      '注①：很长很长很长很',
      '长很长很长很长很长很',
      '长很长很长很长很长…',
    ]);
    expect(noteLines({ remarks: ['很长'.repeat(20), '短'], markers: ['①', '②'], more: 2 }, 10)).toEqual([
      '注①：很长很长很长…',
      '注②：短',
      '另有2条备注，见报表文件',
    ]);
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
    ['B’s total line', 'B级：鉴定 397 户，完工 358 户（90.1%），验收 325 户（81.8%）'],
    ['C’s total line, marked', 'C级：鉴定 222 户，完工 161 户（72.5%），验收 0 户（0.0%）①'],
    ['the remark that C acceptance was not reported', '注①：来源报道未给出C级验收户数；此处已完工户均记为未验收，验收数不代表实际情况'],
    ['the generation time in Beijing time', '清徐县 · 生成时间：2021-12-27 09:30（北京时间）'],
    ['B’s heading', 'B级：各村完工率与验收率'],
    ['C’s heading', 'C级：各村完工率与验收率'],
    ['the trend heading', '近8周每周完工、验收户数，B、C级合计'],
  ])('shows %s', (_, text) => {
    expect(texts).toContain(text);
  });

  it('never adds B and C together: no B+C rate and no B+C count', () => {
    // B+C: 619 appraised, 519 completed, 325 accepted (52.5%); by village 84.9% / 61.9%, 79.1% /
    // 40.4%, 89.0% / 55.4%. (83.8%, the B+C completion, is also 小武村's own B completion.)
    for (const sum of ['619', '519', '52.5%', '84.9%', '61.9%', '79.1%', '40.4%', '89.0%', '55.4%']) {
      expect(texts.filter((t) => t.includes(sum))).toEqual([]);
    }
  });

  it.each([
    // unit, grade, completion, acceptance: rounded down
    ['孟封村', '90.8%', '85.0%'],
    ['小武村', '83.8%', '73.3%'],
    ['阎家营村', '96.9%', '86.8%'],
    ['孟封村①', '69.2%', '0.0%'],
    ['小武村①', '73.2%', '0.0%'],
    ['阎家营村①', '75.0%', '0.0%'],
  ])('draws %s with its rates %s and %s', (name, completion, acceptance) => {
    expect(texts).toContain(name);
    expect(texts).toContain(completion);
    expect(texts).toContain(acceptance);
  });

  it('marks only the units whose rows carry the remark, and no note where a grade has none', () => {
    const rows = QINGXU_WEEK.rows.map((r) => (r.grade === 'C' && r.unit.name !== '小武村' ? { ...r, remarks: [] } : r));
    const marked = svgTexts(periodChartSvg(withRows(rows)));
    expect(marked).toEqual(expect.arrayContaining(['孟封村', '小武村①', '阎家营村']));
    expect(marked.filter((t) => t.startsWith('注'))).toHaveLength(1);
    const none = QINGXU_WEEK.total.map((r) => ({ ...r, remarks: [] }));
    expect(svgTexts(periodChartSvg({ ...QINGXU_WEEK, total: none })).filter((t) => t.startsWith('注'))).toEqual([]);
  });

  it('rounds rates down (2 of 3 is 66.6%, not 66.7%)', () => {
    const [b, c] = QINGXU_WEEK.rows;
    const rows = [
      { ...b, appraised: 3, completed: 2, accepted: 1, completionRate: 2 / 3, acceptanceRate: 1 / 3 },
      { ...c, appraised: 0, completed: 0, accepted: 0, completionRate: null, acceptanceRate: null },
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
    expect(capped).toContain(`B级：完工率最低的${MAX_CHART_UNITS}个村（共3000个）`);
    expect(capped).toContain(`C级：完工率最低的${MAX_CHART_UNITS}个村（共3000个）`);
    const drawn = capped.filter((t) => /^第\d+村①?$/.test(t));
    const names = (grade: 'B' | 'C', marker: string) => chartUnits(report, grade).units.map((u) => `${u.unit.name}${marker}`);
    expect(drawn).toEqual([...names('B', ''), ...names('C', '①')]);
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
