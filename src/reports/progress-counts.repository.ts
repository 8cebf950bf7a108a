import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { REPAIR_GRADES_SQL, type RepairGrade } from '../households/damage-grade.js';
import { toCalendarDate, toCount } from '../database/sql-values.js';
import type { RepairStatus } from '../repairs/repair-status.js';
import type { RemarkRow, StatusTally } from './progress-arithmetic.js';
import { placeholderFor, type Placeholder } from '../database/prepared-query.js';
import { summedSide, talliesFromSums, type SummedSide } from './past-tallies.js';

interface TallyRecord {
  village_id: unknown;
  grade: RepairGrade;
  status: RepairStatus | null;
  households: unknown;
}

interface SummedRecord {
  village_id: unknown;
  grade: RepairGrade;
  status: RepairStatus;
  now: unknown;
  summed: unknown;
}

/** The first and last days any delta is recorded on (the day index's two ends). */
export const DELTA_DAYS_SQL = 'SELECT MIN(day) AS first, MAX(day) AS last FROM status_count_deltas';

/** Per village, grade and status: today's count and the deltas summed on `side` of the date ($1). */
export const SUMMED_COUNTS_SQL = (side: SummedSide, p: Placeholder) =>
  `SELECT village_id, grade, status, SUM(now) AS now, SUM(summed) AS summed FROM (
     SELECT village_id, grade, status, households AS now, 0 AS summed FROM status_counts WHERE grade IN ${REPAIR_GRADES_SQL}
     UNION ALL
     SELECT village_id, grade, status, 0, delta FROM status_count_deltas
      WHERE grade IN ${REPAIR_GRADES_SQL} AND day ${side === 'after' ? '>' : '<='} ${p(1)}
   ) counted GROUP BY village_id, grade, status`;

const toTally = (r: TallyRecord): StatusTally => ({
  villageId: toCount(r.village_id),
  grade: r.grade,
  status: r.status,
  households: toCount(r.households),
});

/** The SQL behind the progress report: how many B and C households stood at each status. */
@Injectable()
export class ProgressCountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** From the counters of current statuses: the answer for today. */
  async currentTallies(): Promise<StatusTally[]> {
    const rows: TallyRecord[] = await this.dataSource.query(
      `SELECT village_id, grade, status, households FROM status_counts WHERE grade IN ${REPAIR_GRADES_SQL} AND households <> 0`,
    );
    return rows.map(toTally);
  }

  /**
   * At the end of `asOf`: each status's households then, from today's counters and the daily
   * deltas on the side of `asOf` with fewer days (past-tallies.ts), in one statement so that
   * both are read at one moment. Both counters follow a household that moves village or grade,
   * history and all, so no household row is read. The first and last days come from the deltas'
   * day index (two index lookups).
   */
  async talliesAt(asOf: string): Promise<StatusTally[]> {
    const [bounds] = await this.dataSource.query<{ first: unknown; last: unknown }[]>(DELTA_DAYS_SQL);
    const day = (value: unknown) => (value === null || value === undefined ? null : toCalendarDate(value));
    const side = summedSide(asOf, day(bounds.first), day(bounds.last));
    const rows = await this.dataSource.query<SummedRecord[]>(SUMMED_COUNTS_SQL(side, placeholderFor(this.dataSource)), [asOf]);
    return talliesFromSums(
      rows.map((r) => ({
        villageId: toCount(r.village_id),
        grade: r.grade,
        status: r.status,
        now: toCount(r.now),
        summed: toCount(r.summed),
      })),
      side,
    );
  }

  async remarks(): Promise<RemarkRow[]> {
    const rows: { village_id: unknown; grade: RepairGrade; text: string }[] = await this.dataSource
      .createQueryBuilder()
      .select(['r.village_id AS village_id', 'r.grade AS grade', 'r.text AS text'])
      .from('report_remarks', 'r')
      .orderBy('r.id')
      .getRawMany();
    return rows.map((r) => ({ villageId: toCount(r.village_id), grade: r.grade, text: r.text }));
  }
}
