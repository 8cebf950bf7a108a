import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RepairGrade } from '../households/damage-grade.js';
import { toCount } from '../database/sql-values.js';
import type { RepairStatus } from '../repairs/repair-status.js';
import type { RemarkRow, StatusTally } from './progress-arithmetic.js';

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
      `SELECT village_id, grade, status, households FROM status_counts WHERE grade IN ('B', 'C') AND households <> 0`,
    );
    return rows.map(toTally);
  }

  /**
   * At the end of `asOf`: each status's daily deltas summed up to that day, and as `null` the
   * households whose history had not started by then.
   */
  async talliesAt(asOf: string): Promise<StatusTally[]> {
    const recorded: TallyRecord[] = await this.dataSource.query(
      `SELECT village_id, grade, status, SUM(delta) AS households FROM status_count_deltas
        WHERE grade IN ('B', 'C') AND day <= ${this.param(1)}
        GROUP BY village_id, grade, status`,
      [asOf],
    );
    const notYet: TallyRecord[] = await this.dataSource.query(
      `SELECT village_id, grade, NULL AS status, COUNT(*) AS households FROM households
        WHERE grade IN ('B', 'C') AND first_recorded_on > ${this.param(1)}
        GROUP BY village_id, grade`,
      [asOf],
    );
    return [...recorded, ...notYet].map(toTally).filter((t) => t.households !== 0);
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
    return this.dataSource.options.type === 'postgres' ? `$${n}` : '?';
  }
}
