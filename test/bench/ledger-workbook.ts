/**
 * A made-up county ledger (住户台账) for the import benchmark, as an office would keep it in Excel
 * or WPS: a title and a 填报单位 line above the header, the canonical headers of
 * src/imports/ledger-columns.ts, and one row per household over `villages` villages (of one
 * county, ten to a township), every one of which the import can take: a GB 11643 ID-card number
 * (unique in the file), a phone, an address, rooms, grade B/C/D, the appraisal and, for a
 * realistic share, 开工日期 ≤ 完工日期 ≤ 验收日期, all in 2021–2022. Dates are mostly date cells,
 * some typed as text (2021.11.5, 2021年11月5日) as people do; rooms sometimes 3间.
 *
 * Written with ExcelJS's streaming WorkbookWriter (shared strings, as Excel and WPS save), so
 * 100,000 rows never sit in memory as a workbook. Deterministic for a given size and seed.
 *
 *   node dist/test/bench/ledger-workbook.js --rows 2000 --villages 100 --out /tmp/ledger.xlsx
 */
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { addDays } from '../../src/common/dates.js';
import { LEDGER_COLUMNS, type LedgerColumnKey } from '../../src/imports/ledger-columns.js';
import { checkIdCardNumber } from '../../src/personal-data/id-card-number.js';
import { checkPhone } from '../../src/personal-data/phone.js';

export type LedgerStatus = 'pending' | 'in_progress' | 'completed' | 'accepted';
export type LedgerGrade = 'B' | 'C' | 'D';

export const COUNTY_NAME = '基准测试县';
export const VILLAGES_PER_TOWNSHIP = 10;

export interface PlannedVillage {
  name: string;
  township: string;
}

export interface PlannedRegions {
  county: string;
  townships: string[];
  villages: PlannedVillage[];
}

/** Households per status, as the progress report counts them. */
export type StatusCounts = Record<LedgerStatus, number>;

/** What the file holds, for checking the import against it. */
export interface LedgerSummary {
  rows: number;
  /** Per grade. */
  byGrade: Record<LedgerGrade, StatusCounts>;
  /** Per village name, per grade. */
  byVillage: Map<string, Record<LedgerGrade, StatusCounts>>;
  /** Rows with each milestone date filled in. */
  withStarted: number;
  withCompleted: number;
  withAccepted: number;
}

export interface LedgerFile {
  path: string;
  bytes: number;
  ms: number;
  summary: LedgerSummary;
}

const TOWNSHIP_WORDS = [
  '青山',
  '柳河',
  '石桥',
  '杏花',
  '龙泉',
  '凤岭',
  '白水',
  '金沙',
  '双塔',
  '长乐',
  '永安',
  '太平',
  '红旗',
  '新华',
  '丰收',
];
const VILLAGE_FIRST = ['东', '西', '南', '北', '前', '后', '上', '下', '大', '小'];
const VILLAGE_SECOND = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const VILLAGE_LAST = ['庄', '营', '堡', '寨'];

/** One county, ten villages a township; every village name distinct in the county. */
export function planRegions(villages: number): PlannedRegions {
  const townshipCount = Math.ceil(villages / VILLAGES_PER_TOWNSHIP);
  const townships = Array.from({ length: townshipCount }, (_, t) => {
    const word = TOWNSHIP_WORDS[t % TOWNSHIP_WORDS.length];
    const round = Math.floor(t / TOWNSHIP_WORDS.length);
    return `${word}${round === 0 ? '' : round + 1}${t % 3 === 2 ? '乡' : '镇'}`;
  });
  const combos = VILLAGE_FIRST.length * VILLAGE_SECOND.length * VILLAGE_LAST.length;
  const list: PlannedVillage[] = [];
  for (let v = 0; v < villages; v++) {
    // Spread over the combinations so that neighbours do not look alike.
    const k = (v * 7) % combos;
    const first = VILLAGE_FIRST[k % VILLAGE_FIRST.length];
    const second = VILLAGE_SECOND[Math.floor(k / VILLAGE_FIRST.length) % VILLAGE_SECOND.length];
    const last = VILLAGE_LAST[Math.floor(k / (VILLAGE_FIRST.length * VILLAGE_SECOND.length))];
    const round = Math.floor(v / combos);
    list.push({
      name: `${first}${second}${last}${round === 0 ? '' : round + 1}村`,
      township: townships[Math.floor(v / VILLAGES_PER_TOWNSHIP)],
    });
  }
  return { county: COUNTY_NAME, townships, villages: list };
}

/** A small deterministic generator (an LCG), so two runs write the same file. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
];
const GIVEN_FIRST = [...'建国志明德秀玉春金永海文光红桂兰丽英福华宝长俊立云双'];
const GIVEN_SECOND = [...'强伟芳军平刚杰涛霞敏燕勇辉静娟峰明亮清林生成红梅花山'];
const AGENCIES = ['山西省建筑工程质量检测中心', '太原市房屋安全鉴定站', '晋中华信建设工程检测有限公司', '基准测试县住房和城乡建设局鉴定组'];
const FINDINGS = [
  '墙体开裂，屋面渗漏',
  '地面下沉，墙体倾斜',
  '屋面塌陷，木梁糟朽',
  '地基浸泡，墙体酥碱',
  '窑顶裂缝，局部掉块',
  '外墙空鼓，门窗变形',
  '房屋整体倾斜，承重墙断裂',
];
const REMARKS = ['户主外出务工，由亲属代为联系', '已申请补助资金', '与邻户共用山墙', '五保户，由村委会代办', '已纳入重建计划'];

/** ID-card number: an address code of the county's area, a birth date, a sequence number and the GB 11643 check digit. */
const AREA_CODES = ['140121', '140122', '140123', '140181', '140105'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/** Birth dates over this many days from 1940-01-01 (to 2008). */
const BIRTH_DAYS = 25_000;

/** The i-th ID-card number: unique for i < BIRTH_DAYS × 999 (a distinct birth date and sequence per i). */
export function idCardNumber(i: number): string {
  // 7919 is prime and does not divide 25,000: i ↦ day is a permutation of each block of BIRTH_DAYS.
  const day = (i * 7919) % BIRTH_DAYS;
  // 001–999, distinct for the same birth date in different blocks (389 and 999 are coprime).
  const sequence = 1 + ((Math.floor(i / BIRTH_DAYS) * 389 + day) % 999);
  const birth = addDays('1940-01-01', day).replaceAll('-', '');
  const first17 = `${AREA_CODES[i % AREA_CODES.length]}${birth}${String(sequence).padStart(3, '0')}`;
  const sum = ID_WEIGHTS.reduce((total, weight, k) => total + weight * Number(first17[k]), 0);
  return first17 + ID_CHECK[sum % 11];
}

/** A mobile number mostly, a landline with its area code sometimes, none for a few. */
function phone(i: number, r: number): string | null {
  if (r < 0.05) return null;
  if (r < 0.15) return `0351-${String(2_000_000 + ((i * 104_729) % 7_999_999)).padStart(7, '0')}`;
  const prefixes = ['139', '138', '137', '135', '150', '152', '158', '159', '182', '187', '189', '133', '177', '199'];
  return `${prefixes[i % prefixes.length]}${String((i * 7_919_003) % 100_000_000).padStart(8, '0')}`;
}

/** One ledger row, by column, as the cells are written, and the status it stands for. */
interface PlannedRow {
  cells: Partial<Record<LedgerColumnKey, string | number | Date | null>>;
  village: string;
  grade: LedgerGrade;
  status: LedgerStatus;
}

const FIRST_APPRAISAL = '2021-10-15';
const utcDate = (date: string): Date => new Date(`${date}T00:00:00Z`);

/** A date as people write it in a ledger: mostly a date cell, sometimes text in one of the usual spellings. */
function dateCell(date: string, r: number): Date | string {
  if (r < 0.8) return utcDate(date);
  const [y, m, d] = date.split('-').map(Number);
  if (r < 0.87) return `${y}.${m}.${d}`;
  if (r < 0.94) return `${y}年${m}月${d}日`;
  return date.replaceAll('-', '/');
}

function* plannedRows(rows: number, regions: PlannedRegions, seed: number): Generator<PlannedRow> {
  const rand = random(seed);
  const villages = regions.villages;
  for (let i = 0; i < rows; i++) {
    // Villages get consecutive blocks of rows, as a county ledger is sorted.
    const v = Math.floor((i * villages.length) / rows);
    const village = villages[v];
    const j = i - Math.ceil((v * rows) / villages.length); // the row's number within its village
    const g = rand();
    const grade: LedgerGrade = g < 0.55 ? 'B' : g < 0.9 ? 'C' : 'D';
    const s = rand();
    const reached = s < 0.2 ? 0 : s < 0.35 ? 1 : s < 0.6 ? 2 : 3;
    const status: LedgerStatus = (['pending', 'in_progress', 'completed', 'accepted'] as const)[reached];
    const appraised = addDays(FIRST_APPRAISAL, Math.floor(rand() * 45));
    const started = addDays(appraised, 5 + Math.floor(rand() * 55));
    const completed = addDays(started, 10 + Math.floor(rand() * 80));
    const accepted = addDays(completed, 3 + Math.floor(rand() * 57));
    const dateStyle = rand();
    const name =
      SURNAMES[(j + v) % SURNAMES.length] +
      GIVEN_FIRST[(Math.floor(j / SURNAMES.length) + 2 * j) % GIVEN_FIRST.length] +
      (rand() < 0.15 ? '' : GIVEN_SECOND[(j * 7 + v) % GIVEN_SECOND.length]);
    const rooms = 1 + Math.floor(rand() * 6);
    const services = rand();
    const cells: PlannedRow['cells'] = {
      township: village.township,
      village: village.name,
      householder: name,
      idCardNumber: idCardNumber(i),
      phone: phone(i, rand()),
      address: `${village.name}${j + 1}号`,
      rooms: rand() < 0.1 ? `${rooms}间` : rooms,
      grade: rand() < 0.5 ? `${grade}级` : grade,
      appraisalAgency: AGENCIES[i % AGENCIES.length],
      appraisalDate: dateCell(appraised, dateStyle),
      appraisalReportNo: `JD2021-${String(v + 1).padStart(3, '0')}-${String(j + 1).padStart(4, '0')}`,
      appraisalFindings: FINDINGS[Math.floor(rand() * FINDINGS.length)],
      startedOn: reached >= 1 ? dateCell(started, dateStyle) : null,
      completedOn: reached >= 2 ? dateCell(completed, dateStyle) : null,
      acceptedOn: reached >= 3 ? dateCell(accepted, dateStyle) : null,
      designDrawings: services < 0.1 ? null : services < 0.8 ? '是' : '否',
      constructionSupervision: services < 0.1 ? null : services < 0.6 ? '是' : '否',
      technicalService: services < 0.1 ? null : services < 0.9 ? '是' : '否',
      remarks: rand() < 0.05 ? REMARKS[i % REMARKS.length] : null,
    };
    yield { cells, village: village.name, grade, status };
  }
}

function emptyCounts(): StatusCounts {
  return { pending: 0, in_progress: 0, completed: 0, accepted: 0 };
}

function emptyByGrade(): Record<LedgerGrade, StatusCounts> {
  return { B: emptyCounts(), C: emptyCounts(), D: emptyCounts() };
}

const WIDTHS: Partial<Record<LedgerColumnKey, number>> = {
  idCardNumber: 21,
  phone: 15,
  address: 18,
  appraisalAgency: 28,
  appraisalReportNo: 17,
  appraisalFindings: 26,
  remarks: 24,
};
const DATE_COLUMNS = new Set<LedgerColumnKey>(['appraisalDate', 'startedOn', 'completedOn', 'acceptedOn']);

export interface LedgerFileOptions {
  rows: number;
  villages: number;
  path: string;
  seed?: number;
  /** Inline strings instead of a shared-string table (Excel and WPS write shared strings). */
  inlineStrings?: boolean;
  /** Called every 10,000 rows. */
  onProgress?: (rowsWritten: number) => void;
}

/** Writes the ledger to `path` and answers what it holds. */
export async function writeLedgerFile(options: LedgerFileOptions): Promise<LedgerFile> {
  const started = performance.now();
  const regions = planRegions(options.villages);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: options.path,
    useStyles: true,
    useSharedStrings: !(options.inlineStrings ?? false),
  });
  workbook.creator = '基准测试';
  const sheet = workbook.addWorksheet('住户台账', { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ key: c.key, width: WIDTHS[c.key] ?? (DATE_COLUMNS.has(c.key) ? 12 : 10) }));
  const last = LEDGER_COLUMNS.length;

  const title = sheet.addRow([`${regions.county}因灾受损房屋修缮台账`]);
  title.height = 28;
  title.getCell(1).font = { name: '等线', size: 16, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.mergeCells(1, 1, 1, last);
  title.commit();
  const unit = sheet.addRow([`填报单位：${regions.county}住房和城乡建设局　　填报日期：2022年3月1日`]);
  sheet.mergeCells(2, 1, 2, last);
  unit.commit();
  const header = sheet.addRow(LEDGER_COLUMNS.map((c) => c.header));
  header.font = { name: '等线', bold: true };
  header.commit();

  const summary: LedgerSummary = {
    rows: 0,
    byGrade: emptyByGrade(),
    byVillage: new Map(regions.villages.map((v) => [v.name, emptyByGrade()])),
    withStarted: 0,
    withCompleted: 0,
    withAccepted: 0,
  };
  for (const planned of plannedRows(options.rows, regions, options.seed ?? 2021)) {
    const row = sheet.addRow(LEDGER_COLUMNS.map((c) => planned.cells[c.key] ?? null));
    LEDGER_COLUMNS.forEach((c, k) => {
      if (planned.cells[c.key] instanceof Date) row.getCell(k + 1).numFmt = 'yyyy/m/d';
    });
    row.commit();
    summary.rows++;
    summary.byGrade[planned.grade][planned.status]++;
    summary.byVillage.get(planned.village)![planned.grade][planned.status]++;
    if (planned.cells.startedOn) summary.withStarted++;
    if (planned.cells.completedOn) summary.withCompleted++;
    if (planned.cells.acceptedOn) summary.withAccepted++;
    if (summary.rows % 10_000 === 0) {
      options.onProgress?.(summary.rows);
      // Let the file stream drain: the writer queues what it cannot write at once.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  sheet.commit();
  await workbook.commit();
  return { path: options.path, bytes: statSync(options.path).size, ms: performance.now() - started, summary };
}

/** Checks the rules the import applies to the generated values (so a refusal is the server's, not the file's). */
export function selfCheck(rows: number): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < rows; i++) {
    const id = idCardNumber(i);
    if (seen.has(id)) problems.push(`row ${i}: ID-card number repeated`);
    seen.add(id);
    const issue = checkIdCardNumber(id);
    if (issue) problems.push(`row ${i}: ID-card number ${JSON.stringify(issue)}`);
    const p = phone(i, 0.5);
    if (p && checkPhone(p)) problems.push(`row ${i}: phone ${p}`);
    const landline = phone(i, 0.1);
    if (landline && checkPhone(landline)) problems.push(`row ${i}: landline ${landline}`);
    if (problems.length > 10) break;
  }
  return problems;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '2000' },
      villages: { type: 'string', default: '100' },
      out: { type: 'string', default: 'ledger.xlsx' },
      'inline-strings': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const rows = Number(values.rows);
  const problems = selfCheck(rows);
  if (problems.length > 0) throw new Error(`generated values break the import's rules:\n${problems.join('\n')}`);
  const file = await writeLedgerFile({
    rows,
    villages: Number(values.villages),
    path: values.out,
    inlineStrings: values['inline-strings'],
    onProgress: (n) => process.stderr.write(`  ${n.toLocaleString('en')} rows\n`),
  });
  process.stdout.write(
    `${file.path}: ${file.summary.rows.toLocaleString('en')} rows, ${(file.bytes / 1024 / 1024).toFixed(2)} MiB, ` +
      `${(file.ms / 1000).toFixed(1)} s; with 开工 ${file.summary.withStarted}, 完工 ${file.summary.withCompleted}, ` +
      `验收 ${file.summary.withAccepted}; by grade ${JSON.stringify(file.summary.byGrade)}\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
