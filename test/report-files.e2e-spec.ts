import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { PNG } from 'pngjs';
import { extractText, getDocumentProxy } from 'unpdf';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { binary, http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

async function pdfText(buffer: Buffer): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(buffer));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  return { text, pages: totalPages };
}

// The source's figures, as they must appear in every format: village, grade, appraised, completed, accepted.
const FIGURES: [string, string, number, number, number][] = [
  ['孟封村', 'B', 174, 158, 148],
  ['孟封村', 'C', 65, 45, 0],
  ['小武村', 'B', 124, 104, 91],
  ['小武村', 'C', 101, 74, 0],
  ['阎家营村', 'B', 99, 96, 86],
  ['阎家营村', 'C', 56, 42, 0],
];

describe('report files for the Qingxu seed, week of 2021-12-23', () => {
  let t: TestApp;
  const download = async (format: string) => {
    const res = await http(t)
      .get(`/api/reports/period?period=week&date=2021-12-23&format=${format}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    return { body: res.body as Buffer, headers: res.headers as Record<string, string> };
  };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.freeze('2021-12-27T01:30:00Z');
    await seedQingxu(t.dataSource);
  });
  afterAll(() => t.dispose());

  it('names the county and the period in every file name', async () => {
    for (const format of ['csv', 'xlsx', 'pdf', 'png', 'svg']) {
      const { headers } = await download(format);
      expect(decodeURIComponent(headers['content-disposition'])).toContain(`清徐县因灾受损房屋修缮进度周报_2021年第51周.${format}`);
    }
  });

  it('XLSX: the source figures as numbers, rates as percentages, totals, and the two lists', async () => {
    const { body, headers } = await download('xlsx');
    expect(headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(body).buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['进度汇总', '本期变动户', '停滞户']);
    const sheet = workbook.worksheets[0];
    expect(sheet.getCell('A1').text).toContain('清徐县因灾受损房屋修缮进度周报 2021年第51周');
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    for (const [village, grade, appraised, completed, accepted] of FIGURES) {
      const row = rows.find((r) => r[0] === village && r[1] === `${grade}级`);
      expect([village, grade, row?.[2], row?.[3], row?.[5]]).toEqual([village, grade, appraised, completed, accepted]);
    }
    const totals = rows.filter((r) => r[0] === '合计').map((r) => [r[1], r[2], r[3], r[5]]);
    expect(totals).toEqual([
      ['B级', 397, 358, 325],
      ['C级', 222, 161, 0],
      ['B+C合计', 619, 519, 325],
    ]);
    const rateCell = sheet.getRow(rows.findIndex((r) => r[0] === '孟封村') + 1).getCell(8);
    expect(rateCell.value).toBe(0.908);
    expect(rateCell.numFmt).toContain('%');
  });

  it('CSV: UTF-8 with a BOM and the same figures', async () => {
    const { body } = await download('csv');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').split('\r\n');
    for (const [village, grade, appraised, completed, accepted] of FIGURES) {
      const line = lines.find((l) => l.startsWith(`${village},${grade}级,`));
      expect(line?.split(',').slice(2, 6)).toEqual([String(appraised), String(completed), '0', String(accepted)]);
    }
    expect(lines.find((l) => l.startsWith('合计,B+C合计,'))).toMatch(/^合计,B\+C合计,619,519,0,325,0,83\.8%,52\.5%,100,/);
  });

  it('PDF: the table with the figures, in an embedded Chinese font, and the chart', async () => {
    const { body } = await download('pdf');
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.toString('latin1')).toMatch(/\/FontFile2|NotoSansSC/);
    const { text, pages } = await pdfText(body);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain('清徐县因灾受损房屋修缮进度周报');
    for (const [village, , appraised, completed, accepted] of FIGURES) {
      expect(text).toContain(village);
      for (const n of [appraised, completed, accepted]) expect(text).toContain(String(n));
    }
    expect(text).toContain('90.8%');
  });

  it('PNG: a phone-sized chart that is drawn, not blank', async () => {
    const { body, headers } = await download('png');
    expect(headers['content-type']).toBe('image/png');
    const png = PNG.sync.read(body);
    expect([png.width, png.height]).toEqual([1080, 1920]);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 97) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(5);
  });

  it('SVG: the chart names the villages, gives B and C apart, and says C acceptance was not reported', async () => {
    const { body } = await download('svg');
    const svg = body.toString('utf8');
    expect(svg).toMatch(/^<svg/);
    for (const [village] of FIGURES) expect(svg).toContain(village);
    expect(svg).toContain('B级：鉴定 397 户，完工 358 户（90.1%），验收 325 户（81.8%）');
    expect(svg).toContain('C级：鉴定 222 户，完工 161 户（72.5%），验收 0 户（0.0%）①');
    expect(svg).toContain('注①：来源报道未给出C级验收户数');
    expect(svg).not.toContain('52.5%');
  });

  it('text: the WeChat message for the seed day, as plain UTF-8 shown in place (golden)', async () => {
    const res = await http(t).get('/api/reports/period?period=day&date=2021-12-23&format=text').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBeUndefined();
    const text = (res.body as Buffer).toString('utf8');
    expect(text).toBe(
      [
        '【清徐县因灾受损房屋修缮进度日报】',
        '2021年12月23日',
        'B级：鉴定397户，完工358户（90.1%），验收325户（81.8%）',
        'C级：鉴定222户，完工161户（72.5%），验收0户（0.0%）①',
        '当日完工0户，验收0户；前一日完工0户，验收0户',
        '停滞（未验收且14天以上无记录变动）：0户',
        '各村完工率、验收率：',
        '孟封村：B级完工90.8%、验收85.0%；C级完工69.2%、验收0.0%①',
        '小武村：B级完工83.8%、验收73.3%；C级完工73.2%、验收0.0%①',
        '阎家营村：B级完工96.9%、验收86.8%；C级完工75.0%、验收0.0%①',
        '注①：来源报道未给出C级验收户数；此处已完工户均记为未验收，验收数不代表实际情况',
      ].join('\n'),
    );
  });

  it('text: by township the one township is the total, so no unit lines; the week says 本周', async () => {
    const res = await http(t)
      .get('/api/reports/period?period=week&date=2021-12-23&groupBy=township&format=text')
      .buffer(true)
      .parse(binary)
      .expect(200);
    const lines = (res.body as Buffer).toString('utf8').split('\n');
    expect(lines.slice(0, 2)).toEqual(['【清徐县因灾受损房屋修缮进度周报】', '2021年第51周（12月20日—12月26日）']);
    expect(lines).toContain('本周完工0户，验收0户；上周完工0户，验收0户');
    expect(lines.some((l) => l.startsWith('孟封镇'))).toBe(false);
  });

  it("prints one household's record on one A4 page", async () => {
    const found = await http(t)
      .get(`/api/households?q=${encodeURIComponent('郑清亮')}`)
      .expect(200);
    const id = found.body.items[0].id;
    const res = await http(t).get(`/api/households/${id}/record?format=pdf`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text, pages } = await pdfText(res.body);
    expect(pages).toBe(1);
    for (const expected of [
      '因灾受损房屋修缮档案',
      '郑清亮',
      '阎家营村',
      '地板下沉',
      '已完工',
      '（首次记录）',
      '清徐县2021-12-23',
      '来源报道未给出C级验收户数',
    ]) {
      expect([expected, text.includes(expected)]).toEqual([expected, true]);
    }
    await http(t).get(`/api/households/${id}/record?format=docx`).expect(400);
    await http(t).get('/api/households/999999/record').expect(404);
  });
});
