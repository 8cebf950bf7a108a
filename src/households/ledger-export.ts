import { csvFile, type CsvField } from '../exports/csv.js';
import { LEDGER_COLUMNS, type LedgerColumnKey } from '../imports/ledger-columns.js';
import { maskIdCardNumber, maskPhone } from '../personal-data/masking.js';
import { REPAIR_STATUSES, type RepairStatus } from '../repairs/repair-status.js';
import type { Region } from '../regions/entities/region.entity.js';
import type { RegionTree } from '../regions/region-tree.js';
import type { DamageGrade } from './damage-grade.js';

/**
 * The household ledger export (住户台账导出): every household as a row of the import template's
 * columns (ledger-columns.ts), so that the file can be edited and imported again, and importing
 * it unchanged changes nothing. Pure (no Nest): the rows come from LedgerExportRepository.
 *
 * The three milestone dates are read from the history the way the import writes it back
 * (row-history.ts): a milestone the household has reached and still holds is dated by the last
 * time it moved into it; one it has fallen back from (completed, then in progress again after
 * a failed acceptance) is left blank, as the row would otherwise claim a completion it no
 * longer has.
 */

export type LedgerExportFormat = 'xlsx' | 'csv';

/** A ledger cell's value before it is written: text, a number, 'YYYY-MM-DD' in a date column, or blank. */
export type LedgerCell = string | number | null;
export type LedgerRow = Readonly<Record<LedgerColumnKey, LedgerCell>>;

/** What the export reads of a stored household. */
export interface LedgerHousehold {
  id: number;
  villageId: number;
  householder: string;
  idCardNumber: string | null;
  phone: string | null;
  address: string | null;
  rooms: number | null;
  grade: DamageGrade;
  appraisalAgency: string | null;
  appraisalDate: string | null;
  appraisalReportNo: string | null;
  appraisalFindings: string | null;
  status: RepairStatus;
  designDrawings: boolean | null;
  constructionSupervision: boolean | null;
  technicalService: boolean | null;
  remarks: string | null;
}

/** The last day the household moved into each status its history holds (a baseline counts as moving into it). */
export type LatestEntries = Partial<Record<RepairStatus, string>>;

export interface MilestoneDates {
  startedOn: string | null;
  completedOn: string | null;
  acceptedOn: string | null;
}

const rank = (status: RepairStatus): number => REPAIR_STATUSES.indexOf(status);

/**
 * 开工日期, 完工日期 and 验收日期 of a household now at `status`: for each milestone at or
 * before its status, the last day it moved into it; blank for a milestone after its status,
 * and for one it passed without an entry of its own (a household entered as completed has no
 * start date). Moves never go back before the last recorded one, so these dates are in order.
 *
 * One case is filled in: a household entered as accepted (its first recorded state) has no
 * completion entry, and a row with 验收日期 but no 完工日期 is refused by the import. It was
 * completed by the day it was accepted; that day is written as 完工日期, which the import reads
 * back as the milestone it already holds, changing nothing.
 */
export function milestoneDates(status: RepairStatus, latest: LatestEntries): MilestoneDates {
  const held = (milestone: RepairStatus): string | null => (rank(milestone) <= rank(status) ? (latest[milestone] ?? null) : null);
  const acceptedOn = held('accepted');
  return { startedOn: held('in_progress'), completedOn: held('completed') ?? acceptedOn, acceptedOn };
}

/** A household's region names, as the 乡镇 and 村 columns write them. */
export interface VillageNames {
  township: string;
  village: string;
}

export interface LedgerRowOptions {
  /** Show the ID-card and phone numbers as stored (admin and staff); otherwise they are masked, as the API shows them. */
  revealPersonalData: boolean;
}

const yesNo = (value: boolean | null): string | null => (value === null ? null : value ? '是' : '否');

/**
 * One household as a ledger row, in the template's spellings: B级, 是/否, dates as 'YYYY-MM-DD'.
 * Text is as stored: the writers make it drawable (csv.ts; the render task for the XLSX).
 */
export function ledgerRow(household: LedgerHousehold, names: VillageNames, latest: LatestEntries, options: LedgerRowOptions): LedgerRow {
  const reveal = options.revealPersonalData;
  return {
    township: names.township,
    village: names.village,
    householder: household.householder,
    idCardNumber: reveal ? household.idCardNumber : maskIdCardNumber(household.idCardNumber),
    phone: reveal ? household.phone : maskPhone(household.phone),
    address: household.address,
    rooms: household.rooms,
    grade: `${household.grade}级`,
    appraisalAgency: household.appraisalAgency,
    appraisalDate: household.appraisalDate,
    appraisalReportNo: household.appraisalReportNo,
    appraisalFindings: household.appraisalFindings,
    ...milestoneDates(household.status, latest),
    designDrawings: yesNo(household.designDrawings),
    constructionSupervision: yesNo(household.constructionSupervision),
    technicalService: yesNo(household.technicalService),
    remarks: household.remarks,
  };
}

/**
 * The ledger as CSV: the canonical headers, then a line per household; UTF-8 with a BOM, and
 * text a spreadsheet would run as a formula defused with an apostrophe (csv.ts).
 */
export function ledgerCsv(rows: readonly LedgerRow[]): Buffer {
  const lines: CsvField[][] = [LEDGER_COLUMNS.map((column) => column.header)];
  for (const row of rows) lines.push(LEDGER_COLUMNS.map((column) => row[column.key] ?? ''));
  return csvFile(lines);
}

/** 住户台账-孟封村-2021-12-25.xlsx */
export function ledgerFileName(scopeName: string, today: string, format: LedgerExportFormat): string {
  return `住户台账-${scopeName}-${today}.${format}`;
}

/**
 * What the file name calls the households exported (`visible` is the tree restricted to them):
 * the county, else the township, when they are all of its villages; 清徐县等2县 for several
 * whole counties (an admin's); the village when there is one; else the first village and how
 * many: 孟封村等2村.
 */
export function ledgerScopeName(full: RegionTree, visible: RegionTree): string {
  const villages = visible.atLevel('village');
  if (villages.length === 0) return '无村';
  if (villages.length === 1) return villages[0].name;
  const whole = (units: readonly Region[]) =>
    units.reduce((sum, unit) => sum + full.subtree(unit.id).filter((r) => r.level === 'village').length, 0) === villages.length;
  for (const level of ['county', 'township'] as const) {
    const units = visible.atLevel(level);
    if (units.length === 1 && whole(units)) return units[0].name;
  }
  const counties = visible.atLevel('county');
  if (counties.length > 1 && whole(counties)) return `${counties[0].name}等${counties.length}县`;
  return `${villages[0].name}等${villages.length}村`;
}
