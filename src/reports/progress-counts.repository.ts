import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { REPAIR_GRADES_SQL, type RepairGrade } from '../households/damage-grade.js';
import { toCount } from '../database/sql-values.js';
import type { RepairStatus } from '../repairs/repair-status.js';
import type { RemarkRow, StatusTally } from './progress-arithmetic.js';
import { placeholderFor, type Placeholder } from '../database/prepared-query.js';
import { SIDE_COUNT_LIMIT, summedSide, talliesFromSums, type SummedSide } from './past-tallies.js';

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

/** The delta rows up to the date ($1) and after it ($3, the same date), each counted through the day index up to a limit ($2, $4). */
export const DELTA_SIDES_SQL = (p: Placeholder) =>
  `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM status_count_deltas WHERE day <= ${p(1)} LIMIT ${p(2)}) s) AS up_to,
          (SELECT COUNT(*) FROM (SELECT 1 FROM status_count_deltas WHERE day > ${p(3)} LIMIT ${p(4)}) s) AS after`;

/** DELTA_SIDES_SQL's parameters for `asOf`. */
export const deltaSidesParams = (asOf: string) => [asOf, SIDE_COUNT_LIMIT, asOf, SIDE_COUNT_LIMIT];

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
   * deltas on the side of `asOf` with fewer rows (past-tallies.ts), in one statement so that
   * both are read at one moment. Both counters follow a household that moves village or grade,
   * history and all, so no household row is read.
   */
  async talliesAt(asOf: string): Promise<StatusTally[]> {
    const p = placeholderFor(this.dataSource);
    const [sides] = await this.dataSource.query<{ up_to: unknown; after: unknown }[]>(DELTA_SIDES_SQL(p), deltaSidesParams(asOf));
    const side = summedSide(toCount(sides.up_to), toCount(sides.after));
    const rows = await this.dataSource.query<SummedRecord[]>(SUMMED_COUNTS_SQL(side, p), [asOf]);
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
