import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Resvg } from '@resvg/resvg-js';
import ExcelJS from 'exceljs';
import { PNG } from 'pngjs';
import { extractText, getDocumentProxy } from 'unpdf';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { REPLACEMENT } from '../src/common/readable-text.js';
import { binary, http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Text stored before the input rules, or written around them, must not break a file: a village
 * whose name holds a control character and a direction override, written straight into the
 * database, still gets its period report by village as PDF, PNG and well-formed SVG, and its
 * households their record, with □ where the characters were.
 */

const WEEK = '/api/reports/period?period=week&date=2021-12-23&groupBy=village';

/** Characters XML 1.0 allows at all (its Char production). */
// eslint-disable-next-line no-control-regex -- XML's Char production names tab, LF and CR on purpose.
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe('files drawn from stored text that cannot be drawn as it is', () => {
  let t: TestApp;
  let householdId: number;
  let villageId: number;
  const R = REPLACEMENT;
  const download = async (path: string) => (await http(t).get(path).buffer(true).parse(binary).expect(200)).body as Buffer;
  const pdfText = async (buffer: Buffer) => (await extractText(await getDocumentProxy(new Uint8Array(buffer)), { mergePages: true })).text;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.freeze('2021-12-27T01:30:00Z');
    await seedQingxu(t.dataSource);
    // PostgreSQL's text cannot hold a NUL at all; SQLite's can, and did.
    const postgres = t.dataSource.options.type === 'postgres';
    const control = postgres ? '\u0001' : '\u0000';
    const [{ id }] = await t.dataSource.query(`SELECT id FROM regions WHERE name = ${postgres ? '$1' : '?'}`, ['孟封村']);
    await t.dataSource.query(`UPDATE regions SET name = ${postgres ? '$1' : '?'} WHERE id = ${postgres ? '$2' : '?'}`, [
      `孟封${control}村\u202E`,
      id,
    ]);
    villageId = id;
    const found = await http(t).get(`/api/households?villageId=${id}`).expect(200);
    householdId = found.body.items[0].id;
  });
  afterAll(() => t.dispose());

  it('draws the PDF, the village shown with □', async () => {
    const body = await download(`${WEEK}&format=pdf`);
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(body);
    expect(text).toContain(`孟封${R}村${R}`);
    expect(text).toContain('小武村');
  });

  it('draws the PNG', async () => {
    const png = PNG.sync.read(await download(`${WEEK}&format=png`));
    expect([png.width, png.height]).toEqual([1080, 1920]);
  });

  it('writes well-formed SVG', async () => {
    const svg = (await download(`${WEEK}&format=svg`)).toString('utf8');
    expect(NOT_XML_CHAR.exec(svg)).toBeNull();
    expect(svg).not.toContain('\u202E');
    expect(svg).toContain(`孟封${R}村${R}`);
    // resvg parses it with a strict XML parser, and throws on anything that is not XML.
    expect(new Resvg(svg).width).toBe(1080);
  });

  it("writes the XLSX and the CSV, and the village's public notice in both", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await download(`${WEEK}&format=xlsx`)).buffer);
    const cells: string[] = [];
    workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
    expect(cells).toContain(`孟封${R}村${R}`);
    const csv = (await download(`${WEEK}&format=csv`)).toString('utf8');
    expect(csv).toContain(`孟封${R}村${R}`);
    expect(NOT_XML_CHAR.exec(csv.slice(1))).toBeNull();
    const notice = (await download(`/api/villages/${villageId}/public-notice?format=csv`)).toString('utf8');
    expect(notice).toContain(`孟封${R}村${R}`);
    const noticeBook = new ExcelJS.Workbook();
    await noticeBook.xlsx.load(new Uint8Array(await download(`/api/villages/${villageId}/public-notice?format=xlsx`)).buffer);
    expect(noticeBook.worksheets[0].getCell('A1').text).toContain(`孟封${R}村${R}`);
  });

  it('writes the WeChat text with □ where the characters were', async () => {
    const text = (await download(`${WEEK}&format=text`)).toString('utf8');
    expect(text).toContain(`孟封${R}村${R}：B级`);
    // eslint-disable-next-line no-control-regex -- the stored text holds NUL and SOH on purpose; none may reach the file.
    expect(text).not.toMatch(/[\u0000\u0001\u202E]/);
  });

  it("draws a household's record in that village", async () => {
    const body = await download(`/api/households/${householdId}/record`);
    expect(await pdfText(body)).toContain(`孟封${R}村${R}`);
  });
});
