import { describe, expect, it } from '@jest/globals';
import {
  columnOfHeader,
  HEADER_SEARCH_ROWS,
  headerWarnings,
  LEDGER_COLUMNS,
  type LedgerColumnKey,
  matchHeaderRow,
  normalizeHeader,
  REQUIRED_COLUMNS,
} from './ledger-columns.js';

/** The canonical headers in the template's order. */
const HEADERS = LEDGER_COLUMNS.map((c) => c.header);

describe('the column table', () => {
  it('has the canonical headers of the contract, in its order', () => {
    expect(HEADERS).toEqual([
      '乡镇',
      '村',
      '户主',
      '身份证号',
      '联系电话',
      '地址',
      '间数',
      '鉴定等级',
      '鉴定机构',
      '鉴定日期',
      '鉴定报告编号',
      '受损情况',
      '开工日期',
      '完工日期',
      '验收日期',
      '设计图集',
      '监理服务',
      '技术服务',
      '备注',
    ]);
  });

  it('requires 村, 户主 and 鉴定等级', () => {
    expect(REQUIRED_COLUMNS.map((c) => c.header)).toEqual(['村', '户主', '鉴定等级']);
  });

  it('has one key per column and reads every name, header or synonym, as one column only', () => {
    expect(new Set(LEDGER_COLUMNS.map((c) => c.key)).size).toBe(LEDGER_COLUMNS.length);
    const names = LEDGER_COLUMNS.flatMap((c) => [c.header, ...c.synonyms].map(normalizeHeader));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('gives every text column the limit the API has, and no other column one', () => {
    for (const column of LEDGER_COLUMNS) {
      const isText = column.kind === 'text' || column.kind === 'village';
      expect([column.key, 'maxLength' in column]).toEqual([column.key, isText]);
    }
  });

  it.each<[string, LedgerColumnKey]>([
    ['村', 'village'],
    ['行政村', 'village'],
    ['所在村', 'village'],
    ['村名', 'village'],
    ['户主', 'householder'],
    ['户主姓名', 'householder'],
    ['姓名', 'householder'],
    ['身份证号', 'idCardNumber'],
    ['身份证号码', 'idCardNumber'],
    ['身份证', 'idCardNumber'],
    ['联系电话', 'phone'],
    ['电话', 'phone'],
    ['手机号', 'phone'],
    ['联系方式', 'phone'],
    ['地址', 'address'],
    ['门牌号', 'address'],
    ['住址', 'address'],
    ['家庭住址', 'address'],
    ['间数', 'rooms'],
    ['房屋间数', 'rooms'],
    ['受损间数', 'rooms'],
    ['鉴定等级', 'grade'],
    ['等级', 'grade'],
    ['危险等级', 'grade'],
    ['鉴定结果', 'grade'],
    ['开工日期', 'startedOn'],
    ['开工时间', 'startedOn'],
    ['完工日期', 'completedOn'],
    ['竣工日期', 'completedOn'],
    ['完工时间', 'completedOn'],
    ['验收日期', 'acceptedOn'],
    ['验收时间', 'acceptedOn'],
    ['乡镇', 'township'],
    ['鉴定机构', 'appraisalAgency'],
    ['鉴定日期', 'appraisalDate'],
    ['鉴定报告编号', 'appraisalReportNo'],
    ['受损情况', 'appraisalFindings'],
    ['设计图集', 'designDrawings'],
    ['监理服务', 'constructionSupervision'],
    ['技术服务', 'technicalService'],
    ['备注', 'remarks'],
  ])('reads the header %s as %s', (header, key) => {
    expect(columnOfHeader(header)).toBe(key);
  });
});

describe('normalizeHeader', () => {
  it.each<[string, string]>([
    [' 户主 ', '户主'],
    ['户 主', '户主'],
    ['户\u3000主', '户主'],
    ['\u3000户主\u3000', '户主'],
    ['鉴定\n等级', '鉴定等级'],
    ['鉴定\r\n等级', '鉴定等级'],
    ['户主（必填）', '户主'],
    ['户主(必填)', '户主'],
    ['户主 （必填）', '户主'],
    ['户主【必填】', '户主'],
    ['户主（必填项）', '户主'],
    ['户主*', '户主'],
    ['户主＊', '户主'],
    ['*户主', '户主'],
    ['户主*（必填）', '户主'],
    ['户主：', '户主'],
    ['乡（镇）', '乡(镇)'],
    ['序号', '序号'],
  ])('%p compares as %p', (header, expected) => {
    expect(normalizeHeader(header)).toBe(expected);
  });
});

describe('columnOfHeader', () => {
  it.each<[string, unknown, LedgerColumnKey | null]>([
    ['a synonym with a required mark and a line break', '鉴定\n等级（必填）', 'grade'],
    ['full-width brackets of a synonym', '乡（镇）', 'township'],
    ['rich text', { richText: [{ text: '户主' }, { text: '姓名' }] }, 'householder'],
    ['an unknown header', '序号', null],
    ['a header that only contains a column name', '户主签字', null],
    ['an empty cell', null, null],
    ['a number', 1, null],
  ])('reads %s', (_case, cell, expected) => {
    expect(columnOfHeader(cell)).toBe(expected);
  });
});

/** A data row of the example household, under the canonical header. */
const DATA_ROW = ['孟封镇', '孟封村', '张三', '', '', '孟封村1号', 3, 'B级', '', '2021-11-05', '', '', '', '', '', '是', '否', '是', ''];

describe('matchHeaderRow', () => {
  it('finds the canonical header in the first row, each column at its index', () => {
    const match = matchHeaderRow([HEADERS, DATA_ROW]);
    expect(match).toEqual({
      ok: true,
      rowIndex: 0,
      columns: Object.fromEntries(LEDGER_COLUMNS.map((c, i) => [c.key, i])),
      unknown: [],
      duplicates: [],
    });
  });

  it('finds the header under a title, a unit and a blank row, columns in any order, unknown ones listed', () => {
    const match = matchHeaderRow([
      ['清徐县因灾受损农房修缮台账'],
      ['填报单位：孟封镇人民政府', null, null, '填报日期：2021-12-23'],
      [],
      ['序号', '行政村', '户主姓名（必填）', null, '鉴定\n等级*', '联系人', '  竣工日期 '],
      [1, '孟封村', '张三', null, 'B', '李四', '2021-12-15'],
    ]);
    expect(match).toEqual({
      ok: true,
      rowIndex: 3,
      columns: { village: 1, householder: 2, grade: 4, completedOn: 6 },
      unknown: [
        { column: 0, header: '序号' },
        { column: 5, header: '联系人' },
      ],
      duplicates: [],
    });
  });

  it('reads a column named twice from its first cell and lists the second', () => {
    const match = matchHeaderRow([['村', '户主', '鉴定等级', '行政村']]);
    expect(match).toMatchObject({ ok: true, columns: { village: 0, householder: 1, grade: 2 } });
    expect(match.ok && match.duplicates).toEqual([{ column: 3, header: '行政村', key: 'village' }]);
  });

  it('takes the row naming the most columns when several have the required three', () => {
    // A super-header row above the real one, itself naming 村, 户主 and 等级.
    const rows = [
      ['村', '户主', '等级', '', '', '修缮进度'],
      ['村', '户主', '鉴定等级', '鉴定日期', '开工日期', '完工日期'],
    ];
    expect(matchHeaderRow(rows)).toMatchObject({ ok: true, rowIndex: 1 });
  });

  it('takes the first of two rows that name as many columns', () => {
    const rows = [
      ['村', '户主', '鉴定等级'],
      ['村', '户主', '鉴定等级'],
    ];
    expect(matchHeaderRow(rows)).toMatchObject({ ok: true, rowIndex: 0 });
  });

  it(`finds a header in row ${HEADER_SEARCH_ROWS} but not below it`, () => {
    const blank = (n: number) => Array.from({ length: n }, () => []);
    expect(matchHeaderRow([...blank(HEADER_SEARCH_ROWS - 1), HEADERS])).toMatchObject({ ok: true, rowIndex: HEADER_SEARCH_ROWS - 1 });
    expect(matchHeaderRow([...blank(HEADER_SEARCH_ROWS), HEADERS])).toEqual({
      ok: false,
      code: 'header_row_not_found',
      params: { rows: HEADER_SEARCH_ROWS, required: ['村', '户主', '鉴定等级'], closest: null },
    });
  });

  it('names the row that came closest and what it lacks', () => {
    const match = matchHeaderRow([['台账'], ['序号', '村', '户主姓名', '鉴定机构'], [1, '孟封村', '张三', '某鉴定站']]);
    expect(match).toEqual({
      ok: false,
      code: 'header_row_not_found',
      params: { rows: HEADER_SEARCH_ROWS, required: ['村', '户主', '鉴定等级'], closest: { row: 2, missing: ['鉴定等级'] } },
    });
  });

  it('answers an empty sheet', () => {
    expect(matchHeaderRow([])).toMatchObject({ ok: false, params: { closest: null } });
  });
});

describe('headerWarnings', () => {
  it('names unknown and repeated columns', () => {
    const match = matchHeaderRow([['序号', '村', '户主', '鉴定等级', '行政村', '联系人']]);
    if (!match.ok) throw new Error('no header found');
    expect(headerWarnings(match)).toEqual([
      { code: 'unknown_columns', params: { headers: ['序号', '联系人'] } },
      { code: 'duplicate_columns', params: { headers: [{ header: '行政村', sameAs: '村' }] } },
    ]);
  });

  it('gives none for the canonical header', () => {
    const match = matchHeaderRow([HEADERS]);
    if (!match.ok) throw new Error('no header found');
    expect(headerWarnings(match)).toEqual([]);
  });
});
