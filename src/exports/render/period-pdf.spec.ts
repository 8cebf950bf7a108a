import { beforeAll, describe, expect, it } from '@jest/globals';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import type { PeriodReport } from '../../reports/period/period-report.types.js';
import { QINGXU_WEEK } from '../../../test/support/exports/qingxu-week.fixture.js';
import { periodReportPdf } from './period-pdf.js';
import { manyUnitsReport } from '../../../test/support/exports/many-units.fixture.js';

async function pages(buf: Buffer): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  const { text } = await extractText(pdf, { mergePages: false });
  return text;
}

/** Text without the spaces and line breaks extraction puts between runs and wrapped lines. */
const squash = (text: string) => text.replace(/\s+/g, '');

describe('periodReportPdf (the Qingxu week)', () => {
  let buf: Buffer;
  let text: string[];
  let all: string;

  beforeAll(async () => {
    buf = await periodReportPdf(QINGXU_WEEK);
    text = await pages(buf);
    all = text.join('\n');
  });

  it('is a PDF with the font embedded and subset', () => {
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = buf.toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
    // Subset: the whole font is over 10 MB.
    expect(buf.length).toBeLessThan(400_000);
  });

  it('carries the title and author in its information', async () => {
    const { info } = await getMeta(new Uint8Array(buf));
    expect(info).toMatchObject({ Title: QINGXU_WEEK.title, Author: '因灾受损房屋修缮进度台账', Subject: QINGXU_WEEK.period.label });
  });

  it.each([
    ['the title', QINGXU_WEEK.title],
    ['the period', '统计周期：2021年第51周（12月20日—12月26日）'],
    ['the area', '范围：清徐县'],
    ['the generation time in Beijing time', '生成时间：2021-12-27 09:30（北京时间）'],
    ['the header', '村等级鉴定户数完工户数本期完工验收户数本期验收完工率验收率剩余停滞户数预计完成备注'],
  ])('shows %s on the first page', (_, expected) => {
    expect(squash(text[0])).toContain(squash(expected));
  });

  it.each([
    // unit, grade, appraised, completed, in period, accepted, in period, rates (rounded down), remaining, stalled, finish
    ['孟封村', 'B', '174 158 2 148 1 90.8% 85.0% 16 1 —'],
    ['孟封村', 'C', '65 45 0 0 0 69.2% 0.0% 20 0 —'],
    ['阎家营村', 'B', '99 96 1 86 0 96.9% 86.8% 3 0 2022-01-09'],
    ['合计', 'B', '397 358 3 325 1 90.1% 81.8% 39 1 —'],
    ['合计', 'B+C合计', '619 519 3 325 1 83.8% 52.5% 100 1 —'],
  ])('prints the row %s %s', (unit, grade, figures) => {
    expect(all).toContain(`${unit} ${grade} ${figures}`);
  });

  it('wraps the remarks instead of cutting them', () => {
    const remark = QINGXU_WEEK.rows[1].remarks[0];
    expect(squash(all)).toContain(remark);
  });

  it('ends the table with the sign-off: 填报单位 and 填报人 filled in, 审核人, 联系电话 and 日期 left to write', () => {
    const first = squash(text[0]);
    expect(first).toContain('填报单位：清徐县住房和城乡建设局');
    expect(first).toContain('填报人：王办事员');
    for (const label of ['审核人：', '联系电话：', '日期：年月日']) expect(first).toContain(label);
    // Under the totals.
    expect(first.indexOf('填报单位')).toBeGreaterThan(first.indexOf('B+C合计'));
  });

  it('puts the chart on its own page and numbers every page', () => {
    expect(text).toHaveLength(2);
    expect(squash(text[1])).toContain(squash(`${QINGXU_WEEK.title}　图表`));
    expect(text[0]).toContain('第 1 页 / 共 2 页');
    expect(text[1]).toContain('第 2 页 / 共 2 页');
  });
});

describe('periodReportPdf headers and rates', () => {
  it.each([
    ['village', '村'],
    ['township', '镇'],
    ['county', '县'],
  ] as const)('heads the unit column for groupBy %s with %s', async (groupBy, header) => {
    const first = squash((await pages(await periodReportPdf({ ...QINGXU_WEEK, groupBy })))[0]);
    expect(first).toContain(`${header}等级鉴定户数`);
  });

  it('rounds rates down and shows a dash for nothing appraised', async () => {
    const [b, c] = QINGXU_WEEK.rows;
    const report: PeriodReport = {
      ...QINGXU_WEEK,
      rows: [
        { ...b, appraised: 3, completed: 2, accepted: 1, completionRate: 2 / 3, acceptanceRate: 1 / 3 },
        { ...c, appraised: 0, completed: 0, accepted: 0, completionRate: null, acceptanceRate: null },
      ],
    };
    const text = (await pages(await periodReportPdf(report))).join('\n');
    expect(text).toContain('66.6% 33.3%');
    expect(text).not.toContain('66.7%');
    expect(text).toContain('孟封村 C 0 0 0 0 0 — —');
  });
});

describe('periodReportPdf sign-off', () => {
  it('leaves 填报单位 and 填报人 as lines to fill when they are not known', async () => {
    const first = squash((await pages(await periodReportPdf({ ...QINGXU_WEEK, organization: null, preparedBy: null })))[0]);
    expect(first).toMatch(/填报单位：填报人：审核人：联系电话：日期：年月日/);
  });

  it('keeps a long 填报单位 whole on its line', async () => {
    const organization = '清徐县住房和城乡建设局农村危房改造工作领导小组办公室（县乡村振兴局代章）';
    const first = squash((await pages(await periodReportPdf({ ...QINGXU_WEEK, organization })))[0]);
    expect(first).toContain(`填报单位：${organization}填报人：王办事员`);
  });
});

describe('periodReportPdf (3000 villages, 6000 rows)', () => {
  it('produces a valid PDF of many pages with the header on each', async () => {
    const buf = await periodReportPdf(manyUnitsReport(3000));
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pages(buf);
    expect(text.length).toBeGreaterThan(100);
    const n = text.length;
    for (const i of [1, Math.floor(n / 2), n - 3]) {
      expect(squash(text[i])).toContain('村等级鉴定户数完工户数');
      expect(text[i]).toContain(`第 ${i + 1} 页 / 共 ${n} 页`);
    }
    const table = text.slice(0, -1).join('\n');
    expect(table).toContain('第1村 B');
    expect(table).toContain('第3000村 C');
    expect(text[n - 3]).toContain('合计 B+C合计');
    // The totals end page n - 3 with too little room left: the sign-off has page n - 2, under the running head and no table header.
    const signOffPage = squash(text[n - 2]);
    expect(signOffPage).toContain(squash(`${QINGXU_WEEK.title}　${QINGXU_WEEK.period.label}（续）`));
    expect(signOffPage).toContain('填报单位：清徐县住房和城乡建设局填报人：王办事员审核人：联系电话：日期：年月日');
    expect(signOffPage).not.toContain('鉴定户数');
  }, 60_000);
});
