import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { toCalendarDate } from '../database/sql-values.js';
import type { RepairStatus } from '../repairs/repair-status.js';
import type { DamageGrade } from './damage-grade.js';
import type { LatestEntries, LedgerHousehold } from './ledger-export.js';

export interface LedgerExportRecord {
  household: LedgerHousehold;
  latest: LatestEntries;
}

/** The statuses a ledger row dates (开工, 完工, 验收), and the column each one's latest day is read into. */
const DATED: readonly (readonly [RepairStatus, string])[] = [
  ['in_progress', 'in_progress_on'],
  ['completed', 'completed_on'],
  ['accepted', 'accepted_on'],
];

type RawRow = Record<string, unknown>;

/** Text columns come back as strings from both drivers. */
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const date = (value: unknown): string | null => (value === null || value === undefined ? null : toCalendarDate(value));
/** SQLite hands booleans back as 0 and 1, PostgreSQL as booleans. */
const flag = (value: unknown): boolean | null => (value === null || value === undefined ? null : Boolean(Number(value)));

/** Households read per statement: SQLite runs a statement on the event loop, so a county is read in slices with a pause between. */
export const LEDGER_READ_BATCH = 2000;

/**
 * The SQL behind the household ledger export: the real households (placeholders left out) of
 * some villages, with the last day each one moved into each dated status, looked up per
 * household through the (household_id, occurred_on) index in the same statement.
 */
@Injectable()
export class LedgerExportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The households of `villageIds` (null: every village), by id, read LEDGER_READ_BATCH at a
   * time (ids after the last one read): on SQLite each slice holds the event loop for tens of
   * milliseconds rather than a county's 30,000 rows for a second, and other requests are
   * answered between slices. Each row is read whole in one statement, so its dates always
   * belong to its status.
   */
  async households(villageIds: readonly number[] | null, batch = LEDGER_READ_BATCH): Promise<LedgerExportRecord[]> {
    const records: LedgerExportRecord[] = [];
    for (let after = 0; ;) {
      const slice = await this.slice(villageIds, after, batch);
      records.push(...slice);
      if (slice.length < batch) return records;
      after = slice[slice.length - 1].household.id;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async slice(villageIds: readonly number[] | null, after: number, batch: number): Promise<LedgerExportRecord[]> {
    if (villageIds !== null && villageIds.length === 0) return [];
    const qb = this.dataSource
      .createQueryBuilder()
      .from('households', 'h')
      .select([
        'h.id AS id',
        'h.village_id AS village_id',
        'h.householder AS householder',
        'h.id_card_number AS id_card_number',
        'h.phone AS phone',
        'h.address AS address',
        'h.rooms AS rooms',
        'h.grade AS grade',
        'h.appraisal_agency AS appraisal_agency',
        'h.appraisal_date AS appraisal_date',
        'h.appraisal_report_no AS appraisal_report_no',
        'h.appraisal_findings AS appraisal_findings',
        'h.status AS status',
        'h.design_drawings AS design_drawings',
        'h.construction_supervision AS construction_supervision',
        'h.technical_service AS technical_service',
        'h.remarks AS remarks',
      ])
      .where('h.is_placeholder = :placeholder', { placeholder: false })
      .andWhere('h.id > :after', { after });
    for (const [status, column] of DATED) {
      qb.addSelect(
        `(SELECT MAX(sc.occurred_on) FROM status_changes sc WHERE sc.household_id = h.id AND sc.to_status = :${column}_status)`,
        column,
      ).setParameter(`${column}_status`, status);
    }
    if (villageIds !== null) qb.andWhere('h.village_id IN (:...villageIds)', { villageIds });
    const rows: RawRow[] = await qb.orderBy('h.id', 'ASC').limit(batch).getRawMany();
    return rows.map((row) => ({ household: toHousehold(row), latest: toLatest(row) }));
  }
}

function toHousehold(row: RawRow): LedgerHousehold {
  return {
    id: Number(row.id),
    villageId: Number(row.village_id),
    householder: text(row.householder) ?? '',
    idCardNumber: text(row.id_card_number),
    phone: text(row.phone),
    address: text(row.address),
    rooms: row.rooms === null || row.rooms === undefined ? null : Number(row.rooms),
    grade: text(row.grade) as DamageGrade,
    appraisalAgency: text(row.appraisal_agency),
    appraisalDate: date(row.appraisal_date),
    appraisalReportNo: text(row.appraisal_report_no),
    appraisalFindings: text(row.appraisal_findings),
    status: text(row.status) as RepairStatus,
    designDrawings: flag(row.design_drawings),
    constructionSupervision: flag(row.construction_supervision),
    technicalService: flag(row.technical_service),
    remarks: text(row.remarks),
  };
}

function toLatest(row: RawRow): LatestEntries {
  const latest: LatestEntries = {};
  for (const [status, column] of DATED) {
    const on = date(row[column]);
    if (on !== null) latest[status] = on;
  }
  return latest;
}
