import { describe, expect, it } from '@jest/globals';
import { formatPercent } from '../../reports/progress-arithmetic.js';
import { QINGXU_WEEK } from '../../../test/support/exports/qingxu-week.fixture.js';
import { cellText, flooredRate, periodTableRows, periodTableSubtitle, periodTableTitle } from './period-columns.js';

const HEADERS = ['鉴定户数', '完工户数', '本期完工', '验收户数', '本期验收', '完工率', '验收率', '剩余', '停滞户数', '预计完成', '备注'];

describe('periodTableRows', () => {
  it.each([
    ['village', '村'],
    ['township', '镇'],
    ['county', '县'],
  ] as const)('grouped by %s, heads the unit column %s', (groupBy, unitHeader) => {
    expect(periodTableRows({ ...QINGXU_WEEK, groupBy }).header).toEqual([unitHeader, '等级', ...HEADERS]);
  });

  it('gives one row per report row and per total row, each as wide as the header', () => {
    const table = periodTableRows(QINGXU_WEEK);
    expect(table.body).toHaveLength(6);
    expect(table.total).toHaveLength(3);
    for (const cells of [...table.body, ...table.total]) expect(cells).toHaveLength(13);
  });

  it('keeps counts as numbers and rates as exact fractions', () => {
    const [mengfengB] = periodTableRows(QINGXU_WEEK).body;
    expect(mengfengB).toEqual([
      { kind: 'text', value: '孟封村' },
      { kind: 'text', value: 'B级' },
      { kind: 'count', value: 174 },
      { kind: 'count', value: 158 },
      { kind: 'count', value: 2 },
      { kind: 'count', value: 148 },
      { kind: 'count', value: 1 },
      { kind: 'rate', value: 158 / 174 },
      { kind: 'rate', value: 148 / 174 },
      { kind: 'count', value: 16 },
      { kind: 'count', value: 1 },
      { kind: 'text', value: '—' },
      { kind: 'text', value: '' },
    ]);
  });

  it('prints a projected finish date, or a dash without the reason', () => {
    const body = periodTableRows(QINGXU_WEEK).body;
    expect(body[4][11]).toEqual({ kind: 'text', value: '2022-01-09' });
    expect(body[5][11]).toEqual({ kind: 'text', value: '—' });
  });

  it('joins remarks with a Chinese semicolon', () => {
    const report = { ...QINGXU_WEEK, rows: [{ ...QINGXU_WEEK.rows[0], remarks: ['甲', '乙'] }] };
    expect(periodTableRows(report).body[0][12]).toEqual({ kind: 'text', value: '甲；乙' });
  });

  it('names the total rows 合计 and labels B, C and B+C', () => {
    const report = { ...QINGXU_WEEK, total: QINGXU_WEEK.total.map((r) => ({ ...r, unit: { ...r.unit, name: '全县' } })) };
    expect(periodTableRows(report).total.map((cells) => [cells[0], cells[1]].map(cellText))).toEqual([
      ['合计', 'B级'],
      ['合计', 'C级'],
      ['合计', 'B+C合计'],
    ]);
  });
});

describe('title lines', () => {
  it('puts the period label after the title', () => {
    expect(periodTableTitle(QINGXU_WEEK)).toBe('清徐县因灾受损房屋修缮进度周报 2021年第51周（12月20日—12月26日）');
  });

  it('names the area and the generation time in Beijing time', () => {
    expect(periodTableSubtitle(QINGXU_WEEK)).toBe('统计范围：清徐县　生成时间：2021-12-27 09:30（北京时间）');
  });
});

describe('rates', () => {
  it.each([
    [158 / 174, 0.908, '90.8%'],
    [0.9996, 0.999, '99.9%'],
    [2499 / 2500, 0.999, '99.9%'],
    [1, 1, '100.0%'],
    [0, 0, '0.0%'],
    [0.29, 0.29, '29.0%'],
  ])('%p is stored rounded down as %p and printed %p', (rate, floored, printed) => {
    expect(flooredRate(rate)).toBe(floored);
    expect(cellText({ kind: 'rate', value: rate })).toBe(printed);
  });

  it('prints a null rate as empty text', () => {
    expect(cellText({ kind: 'rate', value: null })).toBe('');
  });

  it('for every fraction of up to 1000 households, the rounded-down value shows what formatPercent prints and reaches 100% only when all are done', () => {
    for (let whole = 1; whole <= 1000; whole++) {
      for (let part = 0; part <= whole; part++) {
        const rate = part / whole;
        const floored = flooredRate(rate);
        // What a to-nearest display of '0.0%' (Excel's) shows for the stored value.
        const shown = `${(floored * 100).toFixed(1)}%`;
        if (shown !== formatPercent(rate) || floored > rate || (floored === 1) !== (part === whole)) {
          throw new Error(`${part}/${whole}: stored ${floored}, shown ${shown}, formatPercent ${formatPercent(rate)}`);
        }
      }
    }
  });
});
