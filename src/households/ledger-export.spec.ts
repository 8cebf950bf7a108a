import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { fittedWidth, rowHeightFor, wrappedLines } from '../exports/tables/sheet-text-fit.js';
import { parseLedgerCell } from '../imports/cell-values.js';
import { LEDGER_COLUMNS, matchHeaderRow, type LedgerColumnKey } from '../imports/ledger-columns.js';
import { LEDGER_SHEET, ledgerColumnWidths, LISTS_SHEET } from '../imports/ledger-sheet.js';
import { readLedgerRows } from '../imports/reading/ledger-rows.js';
import { rowHistory, type RowDates } from '../imports/row-history.js';
import type { Region } from '../regions/entities/region.entity.js';
import { RegionTree } from '../regions/region-tree.js';
import { REPAIR_STATUSES, type RepairStatus } from '../repairs/repair-status.js';
import {
  type LatestEntries,
  ledgerCsv,
  ledgerFileName,
  type LedgerHousehold,
  ledgerRow,
  type LedgerRow,
  ledgerScopeName,
  milestoneDates,
} from './ledger-export.js';
import { ledgerXlsx } from './ledger-export-xlsx.js';

const ID_CARD = '140121198003152419';
const TODAY = '2021-12-25';

const HOUSEHOLD: LedgerHousehold = {
  id: 7,
  villageId: 3,
  householder: '郑清亮',
  idCardNumber: ID_CARD,
  phone: '13912342468',
  address: '阎家营村58号',
  rooms: 7,
  grade: 'C',
  appraisalAgency: '山西某房屋安全鉴定有限公司',
  appraisalDate: '2021-11-05',
  appraisalReportNo: 'JD-2021-058',
  appraisalFindings: '地面下沉\n墙体开裂',
  status: 'accepted',
  designDrawings: true,
  constructionSupervision: false,
  technicalService: null,
  remarks: '=1+1 按原样保存',
};
const LATEST: LatestEntries = { pending: '2021-11-05', in_progress: '2021-11-20', completed: '2021-12-15', accepted: '2021-12-20' };
const NAMES = { township: '孟封镇', village: '阎家营村' };

const full = (household: LedgerHousehold = HOUSEHOLD, latest: LatestEntries = LATEST) =>
  ledgerRow(household, NAMES, latest, { revealPersonalData: true });

/** The dates a ledger row gives the import. */
const datesOf = (row: LedgerRow): RowDates => ({
  appraisalDate: row.appraisalDate as string | null,
  startedOn: row.startedOn as string | null,
  completedOn: row.completedOn as string | null,
  acceptedOn: row.acceptedOn as string | null,
});

describe('milestoneDates: the milestones a household holds now, each on the last day it moved into it', () => {
  it.each<[string, RepairStatus, LatestEntries, [string | null, string | null, string | null]]>([
    ['pending: none', 'pending', { pending: '2021-11-05' }, [null, null, null]],
    ['in progress', 'in_progress', { pending: '2021-11-05', in_progress: '2021-11-20' }, ['2021-11-20', null, null]],
    ['completed', 'completed', { in_progress: '2021-11-20', completed: '2021-12-15' }, ['2021-11-20', '2021-12-15', null]],
    ['accepted', 'accepted', LATEST, ['2021-11-20', '2021-12-15', '2021-12-20']],
    [
      'in progress again after a failed acceptance: the later start, no completion',
      'in_progress',
      { in_progress: '2021-12-21', completed: '2021-12-15' },
      ['2021-12-21', null, null],
    ],
    [
      'completed again: the later dates',
      'completed',
      { in_progress: '2021-12-21', completed: '2021-12-24' },
      ['2021-12-21', '2021-12-24', null],
    ],
    [
      'completed without a start (pending → completed, or entered as completed)',
      'completed',
      { completed: '2021-12-15' },
      [null, '2021-12-15', null],
    ],
    [
      'entered as accepted: completed by the day it was accepted',
      'accepted',
      { accepted: '2021-12-20' },
      [null, '2021-12-20', '2021-12-20'],
    ],
  ])('%s', (_name, status, latest, [startedOn, completedOn, acceptedOn]) => {
    expect(milestoneDates(status, latest)).toEqual({ startedOn, completedOn, acceptedOn });
  });
});

describe('ledger rows read back by the import as the history they came from', () => {
  it('gives a new household the same baseline and moves: pending on its appraisal date, then each milestone', () => {
    const history = rowHistory(datesOf(full()), null, TODAY, TODAY);
    expect(history).toEqual({
      ok: true,
      baseline: { status: 'pending', on: '2021-11-05' },
      moves: [
        { status: 'in_progress', on: '2021-11-20' },
        { status: 'completed', on: '2021-12-15' },
        { status: 'accepted', on: '2021-12-20' },
      ],
    });
  });

  it.each<[string, RepairStatus, LatestEntries]>([
    ['accepted', 'accepted', LATEST],
    [
      'in progress again after a failed acceptance',
      'in_progress',
      { pending: '2021-11-05', in_progress: '2021-12-21', completed: '2021-12-15' },
    ],
    ['entered as accepted, with no completion entry', 'accepted', { accepted: '2021-12-20' }],
    ['pending', 'pending', { pending: '2021-11-05' }],
  ])('adds nothing to the stored household it came from (%s)', (_name, status, latest) => {
    const row = full({ ...HOUSEHOLD, status }, latest);
    // The stored history as the import reads it: the last day of each status it holds now.
    const reachedOn = Object.fromEntries(
      Object.entries(latest).filter(([reached]) => REPAIR_STATUSES.indexOf(reached as RepairStatus) <= REPAIR_STATUSES.indexOf(status)),
    );
    const stored = { status, lastChangeOn: '2021-12-21', reachedOn };
    expect(rowHistory(datesOf(row), stored, TODAY, TODAY)).toEqual({ ok: true, baseline: null, moves: [] });
  });
});

describe('ledgerRow', () => {
  it("writes every column in the template's spellings", () => {
    expect(full()).toEqual({
      township: '孟封镇',
      village: '阎家营村',
      householder: '郑清亮',
      idCardNumber: ID_CARD,
      phone: '13912342468',
      address: '阎家营村58号',
      rooms: 7,
      grade: 'C级',
      appraisalAgency: '山西某房屋安全鉴定有限公司',
      appraisalDate: '2021-11-05',
      appraisalReportNo: 'JD-2021-058',
      appraisalFindings: '地面下沉\n墙体开裂',
      startedOn: '2021-11-20',
      completedOn: '2021-12-15',
      acceptedOn: '2021-12-20',
      designDrawings: '是',
      constructionSupervision: '否',
      technicalService: null,
      remarks: '=1+1 按原样保存',
    } satisfies Record<LedgerColumnKey, unknown>);
  });

  it('masks the ID-card and phone numbers for the roles that may not see them, as the API does', () => {
    const masked = ledgerRow(HOUSEHOLD, NAMES, LATEST, { revealPersonalData: false });
    expect([masked.idCardNumber, masked.phone]).toEqual(['140121********2419', '139****2468']);
    expect(ledgerRow({ ...HOUSEHOLD, idCardNumber: null, phone: null }, NAMES, LATEST, { revealPersonalData: false })).toMatchObject({
      idCardNumber: null,
      phone: null,
    });
  });

  it('reads back through every cell parser of the import as the stored values', () => {
    const row = full();
    const parsed = Object.fromEntries(
      LEDGER_COLUMNS.map((column) => {
        const result = parseLedgerCell(column, row[column.key], { today: TODAY });
        return [column.key, result.ok ? result.value : result];
      }),
    );
    expect(parsed).toMatchObject({
      idCardNumber: ID_CARD,
      phone: '13912342468',
      rooms: 7,
      grade: 'C',
      appraisalFindings: '地面下沉\n墙体开裂',
      designDrawings: true,
      constructionSupervision: false,
      technicalService: null,
      remarks: '=1+1 按原样保存',
    });
  });
});

describe('ledgerCsv', () => {
  const lines = (rows: LedgerRow[]) => {
    const file = ledgerCsv(rows);
    expect(file.subarray(0, 3).toString('hex')).toBe('efbbbf');
    return file.subarray(3).toString('utf8').split('\r\n');
  };

  it('has the canonical headers, then a line per household, a blank field for each blank value', () => {
    const [header, line, end] = lines([full({ ...HOUSEHOLD, appraisalFindings: null, remarks: null })]);
    expect(header).toBe(LEDGER_COLUMNS.map((c) => c.header).join(','));
    expect(line).toBe(
      `孟封镇,阎家营村,郑清亮,${ID_CARD},13912342468,阎家营村58号,7,C级,山西某房屋安全鉴定有限公司,2021-11-05,JD-2021-058,,2021-11-20,2021-12-15,2021-12-20,是,否,,`,
    );
    expect(end).toBe('');
  });

  it('defuses a remark a spreadsheet would run as a formula, and quotes line breaks', () => {
    const line = lines([full()])[1];
    expect(line).toContain(`"地面下沉\n墙体开裂"`);
    expect(line.endsWith(",'=1+1 按原样保存")).toBe(true);
  });
});

describe('ledgerScopeName and the file name', () => {
  const region = (id: number, level: Region['level'], parentId: number | null, name: string): Region => ({
    id,
    level,
    parentId,
    name,
    code: null,
    createdAt: new Date(0),
  });
  const tree = new RegionTree([
    region(1, 'county', null, '清徐县'),
    region(2, 'township', 1, '孟封镇'),
    region(3, 'village', 2, '孟封村'),
    region(4, 'village', 2, '小武村'),
    region(5, 'township', 1, '徐沟镇'),
    region(6, 'village', 5, '东于村'),
    region(7, 'county', null, '阳曲县'),
    region(8, 'township', 7, '黄寨镇'),
    region(9, 'village', 8, '黄寨村'),
  ]);
  const of = (...villages: number[]) => ledgerScopeName(tree, tree.restrictTo(new Set(villages)));

  it.each<[string, number[], string]>([
    ['one village', [3], '孟封村'],
    ['a whole township', [3, 4], '孟封镇'],
    ['a whole county', [3, 4, 6], '清徐县'],
    ['every county', [3, 4, 6, 9], '清徐县等2县'],
    ['part of a county', [3, 6], '孟封村等2村'],
    ['nothing', [], '无村'],
  ])('%s', (_name, villages, name) => {
    expect(of(...villages)).toBe(name);
  });

  it('names the scope and the day', () => {
    expect(ledgerFileName('孟封镇', '2021-12-25', 'xlsx')).toBe('住户台账-孟封镇-2021-12-25.xlsx');
  });
});

describe('ledgerColumnWidths', () => {
  it('fits each column as fittedWidth does over every text, though it measures few of them', () => {
    const texts = [
      '孟封村',
      '14012119800315241X',
      'QX-JD-2021-0412',
      '墙体开裂\n屋面渗漏，地面下沉，需加固处理并更换部分屋面瓦片',
      'ab',
      '',
      '一二三四五六七八九十',
    ];
    const widths = ledgerColumnWidths(() => texts);
    const naive = fittedWidth([...texts, '乡镇'], { min: 8, max: 24 });
    expect(widths[0]).toBe(naive);
    const short = ['张三', '李四四', 'Wang Wu 1', '欧阳清亮'];
    expect(ledgerColumnWidths(() => short)[2]).toBe(fittedWidth([...short, '户主'], { min: 8, max: 24 }));
    // The ID-card column is never narrower than 18 digits, whatever it holds.
    expect(ledgerColumnWidths(() => [])[3]).toBe(fittedWidth(['14012119900101123X'], { min: 8, max: Number.POSITIVE_INFINITY }));
  });
});

describe('ledgerXlsx', () => {
  const GENERATED_AT = new Date('2021-12-25T04:00:00Z');
  const rows = [
    full(),
    full({
      ...HOUSEHOLD,
      householder: '王五',
      idCardNumber: null,
      phone: null,
      status: 'pending',
      appraisalAgency: null,
      appraisalFindings: null,
      remarks: null,
    }),
  ];

  async function readBack(): Promise<ExcelJS.Workbook> {
    const file = await ledgerXlsx({ rows, villages: ['孟封村', '阎家营村', '孟封村'], generatedAt: GENERATED_AT });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(file).buffer);
    return workbook;
  }
  const cells = (sheet: ExcelJS.Worksheet, rowNumber: number) =>
    Object.fromEntries(LEDGER_COLUMNS.map((column, i) => [column.key, sheet.getCell(rowNumber, i + 1)]));

  it("has the template's sheets: 住户台账 first, headers in row 1 frozen, then the hidden list of villages", async () => {
    const workbook = await readBack();
    expect(workbook.worksheets.map((ws) => [ws.name, ws.state])).toEqual([
      [LEDGER_SHEET, 'visible'],
      [LISTS_SHEET, 'hidden'],
    ]);
    const sheet = workbook.getWorksheet(LEDGER_SHEET)!;
    expect(LEDGER_COLUMNS.map((_, i) => sheet.getCell(1, i + 1).value)).toEqual(LEDGER_COLUMNS.map((c) => c.header));
    expect(sheet.views).toEqual([expect.objectContaining({ state: 'frozen', ySplit: 1 })]);
    expect(sheet.rowCount).toBe(3);
    expect(workbook.getWorksheet(LISTS_SHEET)!.getColumn(1).values.slice(1)).toEqual(['孟封村', '阎家营村']);
  });

  it('writes numbers as text cells, dates as date cells, rooms as a number and a formula-looking remark as text', async () => {
    const sheet = (await readBack()).getWorksheet(LEDGER_SHEET)!;
    const c = cells(sheet, 2);
    expect([c.idCardNumber.value, c.idCardNumber.numFmt, c.phone.value, c.phone.numFmt]).toEqual([ID_CARD, '@', '13912342468', '@']);
    expect([c.acceptedOn.value, c.acceptedOn.numFmt]).toEqual([new Date('2021-12-20T00:00:00Z'), 'yyyy-mm-dd']);
    expect(c.rooms.value).toBe(7);
    expect([c.remarks.type, c.remarks.value]).toEqual([ExcelJS.ValueType.String, '=1+1 按原样保存']);
    expect([c.grade.value, c.designDrawings.value, c.technicalService.value]).toEqual(['C级', '是', null]);
    expect(c.householder.font).toMatchObject({ name: '等线' });
    expect(c.householder.border).toMatchObject({ top: { style: 'thin' } });
    expect(cells(sheet, 3).completedOn.value).toBeNull();
  });

  it('makes each row as tall as its wrapped text', async () => {
    const sheet = (await readBack()).getWorksheet(LEDGER_SHEET)!;
    const findings = LEDGER_COLUMNS.findIndex((c) => c.key === 'appraisalFindings') + 1;
    const width = sheet.getColumn(findings).width!;
    expect(sheet.getRow(2).height).toBeGreaterThanOrEqual(rowHeightFor(wrappedLines('地面下沉\n墙体开裂', width)));
    expect(sheet.getRow(2).height).toBeGreaterThan(sheet.getRow(3).height);
  });

  it('is read by the import as the same rows: the header found, every cell parsed to the stored value', async () => {
    const file = await ledgerXlsx({ rows, villages: [], generatedAt: GENERATED_AT });
    const read: unknown[][] = [];
    for await (const row of readLedgerRows(new Uint8Array(file), 'xlsx')) read.push(row.cells);
    const header = matchHeaderRow(read);
    expect(header).toMatchObject({ ok: true, rowIndex: 0, unknown: [], duplicates: [] });
    const parse = (cellsRead: unknown[]) =>
      Object.fromEntries(
        LEDGER_COLUMNS.map((column, i) => {
          const result = parseLedgerCell(column, cellsRead[i], { today: TODAY });
          return [column.key, result.ok ? result.value : result];
        }),
      );
    const fromCsv = (row: LedgerRow) => parse(LEDGER_COLUMNS.map((column) => row[column.key]));
    expect(read.slice(1).map(parse)).toEqual(rows.map(fromCsv));
    expect(parse(read[1])).toMatchObject({ idCardNumber: ID_CARD, acceptedOn: '2021-12-20', rooms: 7, grade: 'C' });
  });
});
