import { type ImportProblem } from './import-messages.js';
import { cellText } from './cell-values.js';

/**
 * The columns of a household ledger (住户台账) as county offices keep it in Excel or WPS, and how
 * a header row is recognised: the one table the import, its template and its 说明 sheet are
 * all made from. Offices name the same column differently (户主, 户主姓名, 姓名), put a title
 * and a date above the header, and mark required columns 户主（必填） or 户主*; every spelling
 * listed here is read as the column, in any order, and other columns are ignored with a
 * warning. Pure (no Nest).
 */

export const COLUMN_KINDS = ['text', 'integer', 'date', 'grade', 'yes-no', 'id-card', 'phone', 'village'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

interface ColumnDefinition {
  /** The household field it fills, as the API spells it (village and township are looked up, not stored). */
  readonly key: string;
  /** The header the template writes and messages name the column by. */
  readonly header: string;
  /** Other headers read as this column (any spacing, a trailing （必填） or *, full-width brackets). */
  readonly synonyms: readonly string[];
  /** A row without it cannot be imported; the header row must have it. */
  readonly required: boolean;
  readonly kind: ColumnKind;
  /** Text columns: the most characters the household field holds (the API's limit). */
  readonly maxLength?: number;
  /** Text columns that may hold line breaks; in the others a line break is read as a space. */
  readonly multiline?: boolean;
  /** What the column holds, for the template's 说明 sheet. */
  readonly description: string;
}

export const LEDGER_COLUMNS = [
  {
    key: 'township',
    header: '乡镇',
    synonyms: ['乡（镇）', '乡镇名称', '所在乡镇', '镇'],
    required: false,
    kind: 'text',
    maxLength: 50,
    description: '村所属的乡镇；不同乡镇有同名村时据此区分',
  },
  {
    key: 'village',
    header: '村',
    synonyms: ['行政村', '所在村', '村名', '村名称'],
    required: true,
    kind: 'village',
    maxLength: 50,
    description: '住户所在的行政村',
  },
  {
    key: 'householder',
    header: '户主',
    synonyms: ['户主姓名', '姓名', '户主名'],
    required: true,
    kind: 'text',
    maxLength: 50,
    description: '户主姓名',
  },
  {
    key: 'idCardNumber',
    header: '身份证号',
    synonyms: ['身份证号码', '身份证', '户主身份证号', '公民身份号码'],
    required: false,
    kind: 'id-card',
    description: '户主的居民身份证号码',
  },
  {
    key: 'phone',
    header: '联系电话',
    synonyms: ['电话', '手机号', '联系方式', '手机号码', '电话号码'],
    required: false,
    kind: 'phone',
    description: '户主的联系电话',
  },
  {
    key: 'address',
    header: '地址',
    synonyms: ['门牌号', '住址', '家庭住址', '详细地址'],
    required: false,
    kind: 'text',
    maxLength: 200,
    description: '门牌号或详细地址',
  },
  { key: 'rooms', header: '间数', synonyms: ['房屋间数', '受损间数'], required: false, kind: 'integer', description: '受损房屋的间数' },
  {
    key: 'grade',
    header: '鉴定等级',
    synonyms: ['等级', '危险等级', '鉴定结果', '危房等级'],
    required: true,
    kind: 'grade',
    description: 'A级安全；B级局部不安全、C级局部危险，修缮；D级整体危险，拆除重建',
  },
  {
    key: 'appraisalAgency',
    header: '鉴定机构',
    synonyms: ['鉴定单位'],
    required: false,
    kind: 'text',
    maxLength: 100,
    description: '出具鉴定报告的机构',
  },
  { key: 'appraisalDate', header: '鉴定日期', synonyms: ['鉴定时间'], required: false, kind: 'date', description: '鉴定报告的日期' },
  {
    key: 'appraisalReportNo',
    header: '鉴定报告编号',
    synonyms: ['报告编号', '鉴定编号'],
    required: false,
    kind: 'text',
    maxLength: 50,
    description: '鉴定报告上的编号',
  },
  {
    key: 'appraisalFindings',
    header: '受损情况',
    synonyms: ['受损情况描述', '损坏情况', '鉴定结论'],
    required: false,
    kind: 'text',
    maxLength: 2000,
    multiline: true,
    description: '鉴定发现的受损情况，如地面下沉、墙体开裂',
  },
  {
    key: 'startedOn',
    header: '开工日期',
    synonyms: ['开工时间'],
    required: false,
    kind: 'date',
    description: '修缮或重建开工的日期；未开工的留空',
  },
  {
    key: 'completedOn',
    header: '完工日期',
    synonyms: ['竣工日期', '完工时间', '竣工时间'],
    required: false,
    kind: 'date',
    description: '完工的日期；未完工的留空',
  },
  {
    key: 'acceptedOn',
    header: '验收日期',
    synonyms: ['验收时间'],
    required: false,
    kind: 'date',
    description: '验收合格的日期；未验收的留空',
  },
  {
    key: 'designDrawings',
    header: '设计图集',
    synonyms: ['农房设计通用图集', '提供设计图集'],
    required: false,
    kind: 'yes-no',
    description: '是否免费提供了农房设计通用图集',
  },
  {
    key: 'constructionSupervision',
    header: '监理服务',
    synonyms: ['农房建设监理服务', '提供监理服务'],
    required: false,
    kind: 'yes-no',
    description: '是否免费提供了农房建设监理服务',
  },
  {
    key: 'technicalService',
    header: '技术服务',
    synonyms: ['农房建设技术服务', '提供技术服务'],
    required: false,
    kind: 'yes-no',
    description: '是否免费提供了农房建设技术服务',
  },
  {
    key: 'remarks',
    header: '备注',
    synonyms: [],
    required: false,
    kind: 'text',
    maxLength: 2000,
    multiline: true,
    description: '其他需要说明的情况',
  },
] as const satisfies readonly ColumnDefinition[];

export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];
export type LedgerColumnKey = LedgerColumn['key'];

export const REQUIRED_COLUMNS: readonly LedgerColumn[] = LEDGER_COLUMNS.filter((c) => c.required);

/** The column of `key`. */
export function ledgerColumn(key: LedgerColumnKey): LedgerColumn {
  return LEDGER_COLUMNS.find((c) => c.key === key)!;
}

/** How many rows from the top the header row is looked for in (a title, a unit and a date often come first). */
export const HEADER_SEARCH_ROWS = 10;

/**
 * A header as it is compared: width variants folded (NFKC: （必填） → (必填), ＊ → *, full-width
 * letters), every space and line break removed (户 主, 鉴定\n等级), then a required-column mark
 * at either end taken off: *, ※, (必填), 【必填】, (必填项), and a trailing colon.
 */
export function normalizeHeader(text: string): string {
  let header = text.normalize('NFKC').replace(/\s+/g, '');
  for (;;) {
    const stripped = header.replace(/^[*※]+/, '').replace(/(?:[*※:]|[([【]必填项?[)\]】])+$/, '');
    if (stripped === header) return header;
    header = stripped;
  }
}

/** Every accepted header, normalised, to its column. */
const BY_HEADER: ReadonlyMap<string, LedgerColumnKey> = new Map(
  LEDGER_COLUMNS.flatMap((column) => [column.header, ...column.synonyms].map((name) => [normalizeHeader(name), column.key] as const)),
);

/** The column a header cell names, or null when it names none. */
export function columnOfHeader(cell: unknown): LedgerColumnKey | null {
  const text = cellText(cell);
  return text === null ? null : (BY_HEADER.get(normalizeHeader(text)) ?? null);
}

/** A header cell, by its index in the row as given, and its text as written (trimmed). */
export interface HeaderCell {
  readonly column: number;
  readonly header: string;
}

export interface HeaderMatch {
  readonly ok: true;
  /** The header row's index in the rows given. */
  readonly rowIndex: number;
  /** Each column found: its index in the rows given. */
  readonly columns: Partial<Record<LedgerColumnKey, number>>;
  /** Headers that name no column: ignored, and named in a warning (unknown_columns). */
  readonly unknown: readonly HeaderCell[];
  /** A column named a second time (村 and 行政村): the first is read, these are ignored with a warning (duplicate_columns). */
  readonly duplicates: readonly (HeaderCell & { readonly key: LedgerColumnKey })[];
}

export type HeaderMiss = { readonly ok: false } & ImportProblem<'header_row_not_found'>;

/** One row read as a header row. */
function readHeaderRow(row: readonly unknown[], rowIndex: number): Omit<HeaderMatch, 'ok'> {
  const columns: Partial<Record<LedgerColumnKey, number>> = {};
  const unknown: HeaderCell[] = [];
  const duplicates: (HeaderCell & { key: LedgerColumnKey })[] = [];
  row.forEach((cell, column) => {
    const text = cellText(cell)?.trim() ?? '';
    if (text === '') return;
    const key = BY_HEADER.get(normalizeHeader(text));
    if (key === undefined) unknown.push({ column, header: text });
    else if (columns[key] !== undefined) duplicates.push({ column, header: text, key });
    else columns[key] = column;
  });
  return { rowIndex, columns, unknown, duplicates };
}

const missingRequired = (found: Omit<HeaderMatch, 'ok'>): LedgerColumn[] =>
  REQUIRED_COLUMNS.filter((c) => found.columns[c.key] === undefined);
const knownCount = (found: Omit<HeaderMatch, 'ok'>): number => Object.keys(found.columns).length;

/**
 * The header row among the first HEADER_SEARCH_ROWS rows: of the rows that have every required
 * column (村, 户主, 鉴定等级), the one whose cells name the most columns, the first on a tie (a
 * data row that happens to hold a header word never outnumbers the real header). Without one,
 * the problem names the row that came closest and what it lacks. `rows` are the sheet's rows
 * as cell values (strings, numbers, ExcelJS's rich text …), each indexed from its first cell.
 */
export function matchHeaderRow(rows: readonly (readonly unknown[])[]): HeaderMatch | HeaderMiss {
  const candidates = rows.slice(0, HEADER_SEARCH_ROWS).map((row, index) => readHeaderRow(row, index));
  let best: Omit<HeaderMatch, 'ok'> | null = null;
  for (const found of candidates) {
    if (missingRequired(found).length === 0 && (best === null || knownCount(found) > knownCount(best))) best = found;
  }
  if (best !== null) return { ok: true, ...best };
  let closest: Omit<HeaderMatch, 'ok'> | null = null;
  for (const found of candidates) {
    if (knownCount(found) > 0 && (closest === null || knownCount(found) > knownCount(closest))) closest = found;
  }
  return {
    ok: false,
    code: 'header_row_not_found',
    params: {
      rows: HEADER_SEARCH_ROWS,
      required: REQUIRED_COLUMNS.map((c) => c.header),
      closest: closest && { row: closest.rowIndex + 1, missing: missingRequired(closest).map((c) => c.header) },
    },
  };
}

/** The warnings a header match gives: columns ignored because unknown, and columns named twice. */
export function headerWarnings(match: HeaderMatch): ImportProblem[] {
  const warnings: ImportProblem[] = [];
  if (match.unknown.length > 0) warnings.push({ code: 'unknown_columns', params: { headers: match.unknown.map((h) => h.header) } });
  if (match.duplicates.length > 0) {
    warnings.push({
      code: 'duplicate_columns',
      params: { headers: match.duplicates.map((h) => ({ header: h.header, sameAs: ledgerColumn(h.key).header })) },
    });
  }
  return warnings;
}
