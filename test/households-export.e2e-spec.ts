import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { RenderPool } from '../src/exports/render-pool.js';
import { LedgerExportRepository } from '../src/households/ledger-export.repository.js';
import { parseLedgerCell } from '../src/imports/cell-values.js';
import { LEDGER_COLUMNS, matchHeaderRow, type LedgerColumnKey } from '../src/imports/ledger-columns.js';
import { LEDGER_SHEET } from '../src/imports/ledger-sheet.js';
import { readLedgerRows } from '../src/imports/reading/ledger-rows.js';
import { rowHistory } from '../src/imports/row-history.js';
import { REPAIR_STATUSES, type RepairStatus } from '../src/repairs/repair-status.js';
import { createUser, type TestUser } from './support/accounts.js';
import { createHousehold, type HouseholdBody } from './support/fixtures.js';
import { binary, http, tableCounts } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * GET /api/households/export: the household ledger in the import template's layout, for every
 * role, of the caller's scope or one village in it; ID-card and phone numbers as the role sees
 * them, placeholders left out, the milestone dates read from the history, and read back by the
 * import's own readers as the households and histories they came from. The admin's XLSX is
 * also written to test/.artifacts/spreadsheets/ (not committed), to be looked at in LibreOffice.
 */

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TODAY = '2021-12-25';
const ARTIFACTS = join(process.cwd(), 'test', '.artifacts', 'spreadsheets');
const HEADERS = LEDGER_COLUMNS.map((c) => c.header);

/** Appends the GB 11643 check character to 17 digits. */
function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + Number(first17[i]) * w, 0);
  return first17 + '10X98765432'[sum % 11];
}

const ID_CARD = withCheckDigit('14012119800315241');
const PHONE = '13935112468';
const REMARK = '=HYPERLINK("http://example.invalid","点击")';

type Row = Record<LedgerColumnKey, unknown>;

async function sheetRows(body: Buffer): Promise<{ workbook: ExcelJS.Workbook; rows: Row[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(body).buffer);
  const sheet = workbook.getWorksheet(LEDGER_SHEET)!;
  expect(workbook.worksheets[0].name).toBe(LEDGER_SHEET);
  expect(LEDGER_COLUMNS.map((_, i) => sheet.getCell(1, i + 1).value)).toEqual(HEADERS);
  const rows: Row[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    rows.push(Object.fromEntries(LEDGER_COLUMNS.map((column, i) => [column.key, sheet.getCell(r, i + 1).value])) as Row);
  }
  return { workbook, rows };
}

/** The CSV's lines after the BOM (which it must have), split into fields (no field here holds a comma or a quote but the remark). */
function csvLines(body: Buffer): string[] {
  expect(body.subarray(0, 3).toString('hex')).toBe('efbbbf');
  const lines = body.subarray(3).toString('utf8').split('\r\n');
  expect(lines.pop()).toBe('');
  return lines;
}

describe('GET /api/households/export', () => {
  let t: TestApp;
  let dir: string;
  let logFile: string;
  let staff: TestUser;
  let supervisor: TestUser;
  let inspector: TestUser;
  const village: Record<string, number> = {};
  /** 孟封村: every field, accepted after a full history. */
  let full: HouseholdBody;
  /** 小武村: completed, then back in progress after a failed acceptance. */
  let reworked: HouseholdBody;
  /** 阎家营村: entered as accepted, with no completion of its own. */
  let enteredAccepted: HouseholdBody;
  /** 黄寨村, in another county. */
  let farAway: HouseholdBody;
  let zheng: number;

  const download = (query: string, token = t.adminToken) => http(t, token).get(`/api/households/export${query}`).buffer(true).parse(binary);
  const moves = async (h: HouseholdBody, steps: [RepairStatus, string, TestUser | null, string?][]) => {
    let version = h.version;
    for (const [to, occurredOn, by, note] of steps) {
      const res = await http(t, by?.token ?? t.adminToken)
        .post(`/api/households/${h.id}/transitions`)
        .send({ to, occurredOn, version, ...(note ? { note } : {}) })
        .expect(200);
      version = res.body.version;
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tracker-ledger-export-'));
    logFile = join(dir, 'app.log');
    t = await startTestApp({ logFile });
    t.clock.freeze('2021-12-25T04:00:00Z');
    await seedQingxu(t.dataSource);
    const county = await http(t).post('/api/regions').send({ level: 'county', name: '阳曲县', code: '140122' }).expect(201);
    const township = await http(t).post('/api/regions').send({ level: 'township', name: '黄寨镇', parentId: county.body.id }).expect(201);
    await http(t).post('/api/villages').send({ name: '黄寨村', townshipId: township.body.id }).expect(201);
    for (const v of (await http(t).get('/api/villages').expect(200)).body as { id: number; name: string }[]) village[v.name] = v.id;

    staff = await createUser(t, { username: 'wang.mengfeng', role: 'staff', scope: [{ level: 'village', id: village['孟封村'] }] });
    supervisor = await createUser(t, { username: 'zhao.county', role: 'supervisor', scope: [{ level: 'county', id: 1 }] });
    inspector = await createUser(t, { username: 'sun.township', role: 'inspector', scope: [{ level: 'township', id: 2 }] });

    full = await createHousehold(t, {
      villageId: village['孟封村'],
      householder: '李建国',
      idCardNumber: ID_CARD,
      phone: PHONE,
      address: '孟封村东街12号',
      rooms: 4,
      grade: 'B',
      appraisalAgency: '太原市房屋安全鉴定所',
      appraisalDate: '2021-11-05',
      appraisalReportNo: 'QX-JD-2021-0412',
      appraisalFindings: '墙体开裂\n屋面渗漏',
      designDrawings: true,
      constructionSupervision: false,
      remarks: REMARK,
      statusOn: '2021-11-05',
    });
    await moves(full, [
      ['in_progress', '2021-11-20', null],
      ['completed', '2021-12-15', null],
      ['accepted', '2021-12-20', inspector],
    ]);
    reworked = await createHousehold(t, { villageId: village['小武村'], householder: '王秀英', grade: 'C', statusOn: '2021-11-06' });
    await moves(reworked, [
      ['in_progress', '2021-11-21', null],
      ['completed', '2021-12-10', null],
      ['in_progress', '2021-12-18', inspector, '验收发现屋面渗漏，返工'],
    ]);
    enteredAccepted = await createHousehold(t, {
      villageId: village['阎家营村'],
      householder: '张桂兰',
      grade: 'B',
      status: 'accepted',
      statusOn: '2021-12-01',
      note: '台账补录：已验收',
    });
    farAway = await createHousehold(t, { villageId: village['黄寨村'], householder: '远处户', grade: 'B', statusOn: '2021-12-20' });
    zheng = (
      await http(t)
        .get(`/api/households?q=${encodeURIComponent('郑清亮')}`)
        .expect(200)
    ).body.items[0].id;
  });
  afterAll(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the XLSX by default: the canonical headers, then every real household, village by village', async () => {
    const res = await download('').expect(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`住户台账-清徐县等2县-${TODAY}.xlsx`)}`);
    expect(res.headers['content-disposition']).toContain(`filename=household-ledger-scope-${TODAY}.xlsx;`);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'household-ledger.xlsx'), res.body as Buffer);
    const { rows } = await sheetRows(res.body as Buffer);
    // 618 placeholders in the seed are not people: only 郑清亮 of the seed is listed.
    expect(rows.map((r) => [r.village, r.householder])).toEqual([
      ['孟封村', '李建国'],
      ['小武村', '王秀英'],
      ['阎家营村', '郑清亮'],
      ['阎家营村', '张桂兰'],
      ['黄寨村', '远处户'],
    ]);
  });

  it('writes every column of a household as the template does, the numbers in full for an admin or a staff member', async () => {
    for (const token of [t.adminToken, staff.token]) {
      const { workbook, rows } = await sheetRows((await download(`?villageId=${village['孟封村']}`, token).expect(200)).body as Buffer);
      expect(rows).toEqual([
        {
          township: '孟封镇',
          village: '孟封村',
          householder: '李建国',
          idCardNumber: ID_CARD,
          phone: PHONE,
          address: '孟封村东街12号',
          rooms: 4,
          grade: 'B级',
          appraisalAgency: '太原市房屋安全鉴定所',
          appraisalDate: new Date('2021-11-05T00:00:00Z'),
          appraisalReportNo: 'QX-JD-2021-0412',
          appraisalFindings: '墙体开裂\n屋面渗漏',
          startedOn: new Date('2021-11-20T00:00:00Z'),
          completedOn: new Date('2021-12-15T00:00:00Z'),
          acceptedOn: new Date('2021-12-20T00:00:00Z'),
          designDrawings: '是',
          constructionSupervision: '否',
          technicalService: null,
          remarks: REMARK,
        } satisfies Row,
      ]);
      const sheet = workbook.getWorksheet(LEDGER_SHEET)!;
      const cell = (key: LedgerColumnKey) => sheet.getCell(2, LEDGER_COLUMNS.findIndex((c) => c.key === key) + 1);
      // 18 digits in a text cell, so that Excel keeps them; the remark a text cell, not a formula.
      expect([cell('idCardNumber').numFmt, cell('phone').numFmt, cell('startedOn').numFmt]).toEqual(['@', '@', 'yyyy-mm-dd']);
      expect([cell('remarks').type, cell('remarks').formula]).toEqual([ExcelJS.ValueType.String, undefined]);
    }
  });

  it.each(['supervisor', 'inspector'] as const)('masks the ID-card and phone numbers for a %s, as the API shows them', async (role) => {
    const user = role === 'supervisor' ? supervisor : inspector;
    const { rows } = await sheetRows((await download(`?villageId=${village['孟封村']}`, user.token).expect(200)).body as Buffer);
    const shown = (await http(t, user.token).get(`/api/households/${full.id}`).expect(200)).body;
    expect([rows[0].idCardNumber, rows[0].phone]).toEqual([`140121********${ID_CARD.slice(-4)}`, '139****2468']);
    expect([rows[0].idCardNumber, rows[0].phone]).toEqual([shown.idCardNumber, shown.phone]);
    const csv = csvLines((await download(`?format=csv&villageId=${village['孟封村']}`, user.token).expect(200)).body as Buffer);
    expect(csv.join('\n')).not.toContain(ID_CARD);
    expect(csv.join('\n')).not.toContain(PHONE);
  });

  it('dates the milestones a household holds now from its history', async () => {
    const { rows } = await sheetRows((await download('').expect(200)).body as Buffer);
    const dates = rows.map((r) => [r.householder, r.startedOn, r.completedOn, r.acceptedOn]);
    const day = (date: string) => new Date(`${date}T00:00:00Z`);
    expect(dates).toEqual([
      ['李建国', day('2021-11-20'), day('2021-12-15'), day('2021-12-20')],
      // Back in progress after the failed acceptance: the later start, no completion.
      ['王秀英', day('2021-12-18'), null, null],
      // The seed's baseline: completed on 2021-12-23, no start recorded.
      ['郑清亮', null, day('2021-12-23'), null],
      // Entered as accepted: completed by the day of its acceptance.
      ['张桂兰', null, day('2021-12-01'), day('2021-12-01')],
      ['远处户', null, null, null],
    ]);
  });

  it('is read back by the import as the same households, adding nothing to their histories', async () => {
    const file = (await download('').expect(200)).body as Buffer;
    const read: unknown[][] = [];
    for await (const row of readLedgerRows(new Uint8Array(file), 'xlsx')) read.push(row.cells);
    expect(matchHeaderRow(read)).toMatchObject({ ok: true, rowIndex: 0, unknown: [] });
    const ids = [full.id, reworked.id, zheng, enteredAccepted.id, farAway.id];
    for (const [i, cells] of read.slice(1).entries()) {
      const values = Object.fromEntries(
        LEDGER_COLUMNS.map((column, c) => {
          const parsed = parseLedgerCell(column, cells[c], { today: TODAY });
          if (!parsed.ok) throw new Error(`row ${i + 2} ${column.header}: ${parsed.code}`);
          return [column.key, parsed.value];
        }),
      ) as Record<LedgerColumnKey, string | number | boolean | null>;
      const stored = (await http(t).get(`/api/households/${ids[i]}`).expect(200)).body;
      expect([values.householder, values.idCardNumber, values.phone, values.address, values.rooms, values.grade]).toEqual([
        stored.householder,
        stored.idCardNumber,
        stored.phone,
        stored.address,
        stored.rooms,
        stored.grade,
      ]);
      expect([values.appraisalAgency, values.appraisalDate, values.appraisalReportNo, values.appraisalFindings]).toEqual([
        stored.appraisal.agency,
        stored.appraisal.date,
        stored.appraisal.reportNo,
        stored.appraisal.findings,
      ]);
      expect([values.designDrawings, values.constructionSupervision, values.technicalService, values.remarks]).toEqual([
        stored.freeServices.designDrawings,
        stored.freeServices.constructionSupervision,
        stored.freeServices.technicalService,
        stored.remarks,
      ]);
      // The stored history as the import compares it: the last day of each status the household holds now.
      const history = (await http(t).get(`/api/households/${ids[i]}/history`).expect(200)).body as {
        to: RepairStatus;
        occurredOn: string;
      }[];
      const reachedOn: Partial<Record<RepairStatus, string>> = {};
      for (const entry of history) {
        if (REPAIR_STATUSES.indexOf(entry.to) <= REPAIR_STATUSES.indexOf(stored.status as RepairStatus))
          reachedOn[entry.to] = entry.occurredOn;
      }
      const dates = {
        appraisalDate: values.appraisalDate as string | null,
        startedOn: values.startedOn as string | null,
        completedOn: values.completedOn as string | null,
        acceptedOn: values.acceptedOn as string | null,
      };
      const again = rowHistory(dates, { status: stored.status, lastChangeOn: history.at(-1)!.occurredOn, reachedOn }, TODAY, TODAY);
      expect([stored.householder, again]).toEqual([stored.householder, { ok: true, baseline: null, moves: [] }]);
    }
    // Into an empty ledger, the full household's row is its history: pending on its appraisal date, then each move.
    const history = (await http(t).get(`/api/households/${full.id}/history`).expect(200)).body as {
      to: RepairStatus;
      occurredOn: string;
    }[];
    const row = read[1];
    const dateAt = (key: LedgerColumnKey) => {
      const parsed = parseLedgerCell(
        LEDGER_COLUMNS.find((c) => c.key === key)!,
        row[LEDGER_COLUMNS.findIndex((c) => c.key === key)],
      );
      return parsed.ok ? (parsed.value as string | null) : null;
    };
    const fresh = rowHistory(
      {
        appraisalDate: dateAt('appraisalDate'),
        startedOn: dateAt('startedOn'),
        completedOn: dateAt('completedOn'),
        acceptedOn: dateAt('acceptedOn'),
      },
      null,
      TODAY,
      TODAY,
    );
    expect(fresh.ok && [fresh.baseline, ...fresh.moves]).toEqual(history.map((h) => ({ status: h.to, on: h.occurredOn })));
  });

  it('sends the CSV: UTF-8 with a BOM, the canonical headers, a formula-looking remark defused', async () => {
    const res = await download(`?format=csv&villageId=${village['孟封村']}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`住户台账-孟封村-${TODAY}.csv`)}`);
    const [header, line, ...rest] = csvLines(res.body as Buffer);
    expect(header).toBe(HEADERS.join(','));
    expect(rest).toEqual([]);
    expect(line).toBe(
      [
        '孟封镇,孟封村,李建国',
        ID_CARD,
        PHONE,
        '孟封村东街12号,4,B级,太原市房屋安全鉴定所,2021-11-05,QX-JD-2021-0412',
        '"墙体开裂\n屋面渗漏"',
        '2021-11-20,2021-12-15,2021-12-20,是,否,',
        // An apostrophe in front, so that no spreadsheet runs it; the quotes doubled.
        `"'=HYPERLINK(""http://example.invalid"",""点击"")"`,
      ].join(','),
    );
  });

  it("lists only the caller's scope, named in the file name", async () => {
    const staffCsv = await download('?format=csv', staff.token).expect(200);
    expect(staffCsv.headers['content-disposition']).toContain(encodeURIComponent(`住户台账-孟封村-${TODAY}.csv`));
    expect(
      csvLines(staffCsv.body as Buffer)
        .slice(1)
        .map((line) => line.split(',')[2]),
    ).toEqual(['李建国']);
    const county = await download('', supervisor.token).expect(200);
    expect(county.headers['content-disposition']).toContain(encodeURIComponent(`住户台账-清徐县-${TODAY}.xlsx`));
    expect((await sheetRows(county.body as Buffer)).rows.map((r) => r.householder)).toEqual(['李建国', '王秀英', '郑清亮', '张桂兰']);
    const township = await download(`?villageId=${village['阎家营村']}`, inspector.token).expect(200);
    expect((await sheetRows(township.body as Buffer)).rows.map((r) => r.householder)).toEqual(['郑清亮', '张桂兰']);
  });

  it('reads the households in slices that together are the whole list, in id order', async () => {
    const repository = t.app.get(LedgerExportRepository);
    const whole = await repository.households(null);
    expect(whole.map((r) => r.household.id)).toEqual([zheng, full.id, reworked.id, enteredAccepted.id, farAway.id]);
    expect(await repository.households(null, 2)).toEqual(whole);
    expect(await repository.households([village['阎家营村']], 1)).toEqual(
      whole.filter((r) => r.household.villageId === village['阎家营村']),
    );
    expect(await repository.households([])).toEqual([]);
  });

  it('answers 404 not_in_scope for a village outside the scope, as for one that does not exist', async () => {
    for (const [token, id] of [
      [staff.token, village['小武村']],
      [supervisor.token, village['黄寨村']],
      [t.adminToken, 999_999],
    ] as const) {
      const res = await http(t, token).get(`/api/households/export?format=csv&villageId=${id}`).expect(404);
      expect(res.body).toMatchObject({ code: 'not_in_scope' });
    }
  });

  it('refuses an unknown format or a malformed villageId with 400, naming the field', async () => {
    const pdf = await http(t).get('/api/households/export?format=pdf').expect(400);
    expect(pdf.body).toMatchObject({ code: 'validation_failed', fields: [{ field: 'format', code: 'not_one_of' }] });
    const hex = await http(t).get('/api/households/export?villageId=0x10').expect(400);
    expect(hex.body).toMatchObject({ code: 'validation_failed', fields: [{ field: 'villageId' }] });
  });

  it('draws the XLSX on the render threads: 503 exports_busy when they are full, while the CSV is still made', async () => {
    const pool = t.app.get(RenderPool);
    const held = Array.from({ length: pool.admission.limits.capacity }, (_, i) => pool.admission.admit(-1 - i));
    try {
      const res = await download('').expect(503);
      expect(res.headers['retry-after']).toBe(String(pool.settings.retryAfterSeconds));
      expect(JSON.parse((res.body as Buffer).toString('utf8'))).toMatchObject({ code: 'exports_busy' });
      await download('?format=csv').expect(200);
    } finally {
      for (const slot of held) if (typeof slot !== 'string') slot.release();
    }
  });

  it('writes nothing, and logs each export without the numbers', async () => {
    const before = await tableCounts(t);
    await download('?format=csv').expect(200);
    expect(await tableCounts(t)).toEqual(before);
    const lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('household ledger exported'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.find((l) => l.username === supervisor.username)).toMatchObject({ personalData: 'masked', format: 'xlsx' });
    expect(lines.find((l) => l.username === staff.username)).toMatchObject({ personalData: 'full', villageId: village['孟封村'] });
    const log = readFileSync(logFile, 'utf8');
    expect([log.includes(ID_CARD), log.includes(PHONE)]).toEqual([false, false]);
  });

  it('needs a sign-in', async () => {
    const res = await http(t, null).get('/api/households/export').expect(401);
    expect(res.body).toMatchObject({ code: 'sign_in_required' });
  });
});
