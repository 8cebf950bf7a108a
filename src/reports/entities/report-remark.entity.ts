import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RepairGrade } from '../../households/damage-grade.js';

/** A note that belongs to one village's row for one grade in the progress report. */
@Entity('report_remarks')
export class ReportRemark {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'village_id', type: 'integer' })
  villageId: number;

  @Column({ type: 'varchar', length: 1 })
  grade: RepairGrade;

  @Column({ type: 'varchar', length: 500 })
  text: string;
}
