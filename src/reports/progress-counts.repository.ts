import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { REPAIR_GRADES_SQL, type RepairGrade } from '../households/damage-grade.js';
import { toCount } from '../database/sql-values.js';
import type { RepairStatus } from '../repairs/repair-status.js';
import type { RemarkRow, StatusTally } from './progress-arithmetic.js';
import { placeholderFor } from '../database/prepared-query.js';

interface TallyRecord {
  village_id: unknown;
  grade: RepairGrade;
  status: RepairStatus | null;
  households: unknown;
}

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
   * At the end of `asOf`: each status's daily deltas summed up to that day, and as `null` the
   * households whose history had not started by then: all of a village's households of that
   * grade (the current counts) less those recorded by then (the deltas' sum). Both counters
   * follow a household that moves village or grade, history and all, so no household row is read.
   */
  async talliesAt(asOf: string): Promise<StatusTally[]> {
    const [recordedRows, currentRows]: TallyRecord[][] = await Promise.all([
      this.dataSource.query<TallyRecord[]>(
        `SELECT village_id, grade, status, SUM(delta) AS households FROM status_count_deltas
          WHERE grade IN ${REPAIR_GRADES_SQL} AND day <= ${this.param(1)}
          GROUP BY village_id, grade, status`,
        [asOf],
      ),
      this.dataSource.query<TallyRecord[]>(
        `SELECT village_id, grade, status, households FROM status_counts WHERE grade IN ${REPAIR_GRADES_SQL}`,
      ),
    ]);
    const recorded = recordedRows.map(toTally);
    const notYet = new Map<string, StatusTally>();
    const key = (t: StatusTally) => `${t.villageId}:${t.grade}`;
    for (const t of currentRows.map(toTally)) {
      const entry = notYet.get(key(t)) ?? { villageId: t.villageId, grade: t.grade, status: null, households: 0 };
      entry.households += t.households;
      notYet.set(key(t), entry);
    }
    for (const t of recorded) {
      const entry = notYet.get(key(t));
      if (entry) entry.households -= t.households;
    }
    return [...recorded, ...notYet.values()].filter((t) => t.households !== 0);
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

  private param(n: number): string {
    return placeholderFor(this.dataSource)(n);
  }
}
