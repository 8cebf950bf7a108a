import { describe, expect, it } from '@jest/globals';
import type { PeriodReport, PeriodRow } from '../../reports/period/period-report.types.js';
import { manyUnitsReport } from '../../../test/support/exports/many-units.fixture.js';
import { QINGXU_WEEK } from '../../../test/support/exports/qingxu-week.fixture.js';
import { periodReportText, periodTextGroupBy, TEXT_MAX_LENGTH } from './period-text.js';

const chars = (text: string) => Array.from(text).length;

/** The fixture with every row (units and totals) passed through `change`. */
function changed(change: (row: PeriodRow) => PeriodRow, extra: Partial<PeriodReport> = {}): PeriodReport {
  return { ...QINGXU_WEEK, rows: QINGXU_WEEK.rows.map(change), total: QINGXU_WEEK.total.map(change), ...extra };
}

describe('periodReportText', () => {
  it('gives the Qingxu week as a message for the group (golden)', () => {
    expect(periodReportText(QINGXU_WEEK)).toBe(
      [
        '【清徐县因灾受损房屋修缮进度周报】',
        '2021年第51周（12月20日—12月26日）',
        'B级：鉴定397户，完工358户（90.1%），验收325户（81.8%）',
        'C级：鉴定222户，完工161户（72.5%），验收0户（0.0%）①',
        '本周完工3户（B级3户、C级0户），验收1户（B级1户、C级0户）；上周完工0户，验收0户',
        '停滞（未验收且14天以上无记录变动）：1户（B级1户、C级0户）',
        '各村完工率、验收率：',
        '孟封村：B级完工90.8%、验收85.0%；C级完工69.2%、验收0.0%①',
        '小武村：B级完工83.8%、验收73.3%；C级完工73.2%、验收0.0%①',
        '阎家营村：B级完工96.9%、验收86.8%；C级完工75.0%、验收0.0%①',
        '注①：来源报道未给出C级验收户数；此处已完工户均记为未验收，验收数不代表实际情况',
      ].join('\n'),
    );
  });

  it('never adds B and C together (C acceptance is unreported in the seed)', () => {
    const text = periodReportText(QINGXU_WEEK);
    expect(text).not.toContain('619');
    expect(text).not.toContain('52.5%');
    expect(text).not.toContain('合计');
  });

  it('rounds rates down (2 of 3 is 66.6%)', () => {
    const text = periodReportText(
      changed((r) =>
        r.grade === 'B' ? { ...r, appraised: 3, completed: 2, accepted: 1, completionRate: 2 / 3, acceptanceRate: 1 / 3 } : r,
      ),
    );
    expect(text).toContain('B级：鉴定3户，完工2户（66.6%），验收1户（33.3%）');
    expect(text).not.toContain('66.7%');
  });

  it('says 截至 the day it was made while the week is still running, and words a day as a day', () => {
    const running = { ...QINGXU_WEEK, generatedAt: '2021-12-23T04:00:00.000Z' };
    expect(periodReportText(running).split('\n')[1]).toBe('2021年第51周（12月20日—12月26日），截至12月23日');
    const day: PeriodReport = {
      ...QINGXU_WEEK,
      title: '清徐县因灾受损房屋修缮进度日报',
      period: {
        kind: 'day',
        start: '2021-12-23',
        end: '2021-12-23',
        previousStart: '2021-12-22',
        previousEnd: '2021-12-22',
        label: '2021年12月23日',
      },
      generatedAt: '2021-12-23T04:00:00.000Z',
    };
    const lines = periodReportText(day).split('\n');
    expect(lines.slice(0, 2)).toEqual(['【清徐县因灾受损房屋修缮进度日报】', '2021年12月23日']);
    expect(lines[4]).toBe('当日完工3户（B级3户、C级0户），验收1户（B级1户、C级0户）；前一日完工0户，验收0户');
  });

  it('marks each remark where it applies, and quotes at most three', () => {
    const remarks = ['甲备注', '乙备注', '丙备注', '丁备注'];
    const report = changed((r) => {
      if (r.unit.name === '小武村' && r.grade === 'B') return { ...r, remarks: ['乙备注'] };
      if (r.unit.level === 'all' && r.grade === 'B') return { ...r, remarks: ['乙备注'] };
      if (r.unit.level === 'all' && r.grade === 'C') return { ...r, remarks: ['甲备注', '丙备注', '丁备注'] };
      return r.grade === 'C' ? { ...r, remarks: ['甲备注'] } : r;
    });
    const lines = periodReportText(report).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'B级：鉴定397户，完工358户（90.1%），验收325户（81.8%）①',
        'C级：鉴定222户，完工161户（72.5%），验收0户（0.0%）②③',
        '孟封村：B级完工90.8%、验收85.0%；C级完工69.2%、验收0.0%②',
        '小武村：B级完工83.8%、验收73.3%①；C级完工73.2%、验收0.0%②',
        '注①：乙备注',
        '注②：甲备注',
        '注③：丙备注',
        '另有1条备注，见报表文件',
      ]),
    );
    expect(lines.join('\n')).not.toContain(remarks[3]);
  });

  it('clips a long remark and a long name', () => {
    const long = '很长的备注'.repeat(100);
    const name = '名字很长的村'.repeat(10);
    const report = changed((r) => ({
      ...r,
      remarks: r.grade === 'C' ? [long] : [],
      unit: r.unit.name === '孟封村' ? { ...r.unit, name } : r.unit,
    }));
    const lines = periodReportText(report).split('\n');
    const note = lines.find((l) => l.startsWith('注①：'))!;
    expect(chars(note)).toBe(3 + 150);
    expect(note.endsWith('…')).toBe(true);
    expect(lines.find((l) => l.startsWith('名字很长的村'))).toMatch(/^名字很长的村名字很长的村名字很长的村名…：B级/);
  });

  it('says when a grade has nothing appraised, and leaves it out of the unit lines', () => {
    const report = changed((r) =>
      r.grade === 'C'
        ? {
            ...r,
            appraised: 0,
            pending: 0,
            completed: 0,
            accepted: 0,
            remaining: 0,
            completionRate: null,
            acceptanceRate: null,
            remarks: [],
          }
        : r,
    );
    const lines = periodReportText(report).split('\n');
    expect(lines[3]).toBe('C级：鉴定0户');
    expect(lines).toContain('孟封村：B级完工90.8%、验收85.0%');
  });

  it('draws stored text a message should not carry (a direction override) as □', () => {
    const report = changed((r) => (r.unit.name === '孟封村' ? { ...r, unit: { ...r.unit, name: '孟\u202e封村' } } : r));
    expect(periodReportText(report)).toContain('孟□封村：');
  });

  it('leaves out the unit list when there is only one unit (it would repeat the totals)', () => {
    const county = { id: 1, name: '清徐县', level: 'county' as const };
    const report: PeriodReport = {
      ...QINGXU_WEEK,
      groupBy: 'county',
      rows: QINGXU_WEEK.total.filter((r) => r.grade !== 'B+C').map((r) => ({ ...r, unit: county })),
    };
    expect(periodReportText(report)).not.toContain('各县');
  });

  it.each([3, 30, 300, 3000])(
    `stays under ${TEXT_MAX_LENGTH} characters for %i villages, listing the slowest when not all fit`,
    (count) => {
      const text = periodReportText(manyUnitsReport(count));
      expect(chars(text)).toBeLessThan(TEXT_MAX_LENGTH);
      const listed = text.split('\n').filter((l) => /^第\d+村：/.test(l));
      if (count === 3) {
        expect(text).toContain('各村完工率、验收率：');
        expect(listed).toHaveLength(3);
      } else {
        expect(text).toContain(`完工率最低的10个村（共${count}个）：`);
        expect(listed).toHaveLength(10);
        // Village 0 has no completed B household: it is the slowest.
        expect(listed[0]).toMatch(/^第1村：B级完工0\.0%/);
      }
      expect(text).toContain('注①：来源报道未给出C级验收户数');
    },
  );

  it('lists every unit in report order when they all fit', () => {
    const text = periodReportText(manyUnitsReport(12));
    expect(text).toContain('各村完工率、验收率：');
    expect(
      text
        .split('\n')
        .filter((l) => /^第\d+村：/.test(l))
        .map((l) => l.split('：')[0]),
    ).toEqual(Array.from({ length: 12 }, (_, i) => `第${i + 1}村`));
    expect(chars(text)).toBeLessThan(TEXT_MAX_LENGTH);
  });

  it(`stays under ${TEXT_MAX_LENGTH} characters whatever the names and remarks`, () => {
    const report = manyUnitsReport(3000);
    const huge: PeriodReport = {
      ...report,
      title: '县'.repeat(600),
      total: report.total.map((r) => ({ ...r, remarks: ['注'.repeat(500), '记'.repeat(500), '录'.repeat(500), '多'.repeat(500)] })),
    };
    expect(chars(periodReportText(huge))).toBeLessThan(TEXT_MAX_LENGTH);
  });
});

describe('periodTextGroupBy', () => {
  it.each([
    ['village', 1, 'village'],
    ['township', 1, 'township'],
    ['village', 0, 'village'],
    ['village', 11, 'county'],
    ['township', 2, 'county'],
  ] as const)('asked for %s over %i counties: by %s', (requested, counties, expected) => {
    expect(periodTextGroupBy(requested, counties)).toBe(expected);
  });
});
