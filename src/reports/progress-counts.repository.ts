import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { REPAIR_GRADES, type RepairGrade } from '../households/damage-grade.js';
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

  /** From the households' current statuses: the answer for today. */
  async currentTallies(): Promise<StatusTally[]> {
    const rows: TallyRecord[] = await this.dataSource
      .createQueryBuilder()
      .select(['h.village_id AS village_id', 'h.grade AS grade', 'h.status AS status', 'COUNT(*) AS households'])
      .from('households', 'h')
      .where('h.grade IN (:...grades)', { grades: REPAIR_GRADES })
      .groupBy('h.village_id, h.grade, h.status')
      .getRawMany();
    return rows.map(toTally);
  }

  /**
   * From the history: each household's last recorded status on or before `asOf`, and as `null`
   * the households whose history had not started by then. A household's changes never go back
   * in date, so its latest change by id is its latest by date.
   */
  async talliesAt(asOf: string): Promise<StatusTally[]> {
    const recorded: TallyRecord[] = await this.dataSource.query(
      `SELECT h.village_id AS village_id, h.grade AS grade, c.to_status AS status, COUNT(*) AS households
         FROM households h
         JOIN status_changes c ON c.household_id = h.id
        WHERE h.grade IN ('B', 'C')
          AND c.id = (SELECT MAX(c2.id) FROM status_changes c2
                       WHERE c2.household_id = h.id AND c2.occurred_on <= ${this.param(1)})
        GROUP BY h.village_id, h.grade, c.to_status`,
      [asOf],
    );
    const notYet: TallyRecord[] = await this.dataSource.query(
      `SELECT h.village_id AS village_id, h.grade AS grade, NULL AS status, COUNT(*) AS households
         FROM households h
        WHERE h.grade IN ('B', 'C')
          AND NOT EXISTS (SELECT 1 FROM status_changes c
                           WHERE c.household_id = h.id AND c.occurred_on <= ${this.param(1)})
        GROUP BY h.village_id, h.grade`,
      [asOf],
    );
    return [...recorded, ...notYet].map(toTally);
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
