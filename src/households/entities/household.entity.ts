import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RepairStatus } from '../../repairs/repair-status.js';
import type { DamageGrade } from '../damage-grade.js';

/** One damaged rural house and its householder, followed from appraisal to acceptance. */
@Entity('households')
export class Household {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'village_id', type: 'integer' })
  villageId: number;

  /** 户主 */
  @Column({ type: 'varchar', length: 50 })
  householder: string;

  /** House number or address (门牌号或地址). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Column({ type: 'integer', nullable: true })
  rooms: number | null;

  @Column({ type: 'varchar', length: 1 })
  grade: DamageGrade;

  @Column({ name: 'appraisal_agency', type: 'varchar', length: 100, nullable: true })
  appraisalAgency: string | null;

  @Column({ name: 'appraisal_date', type: 'date', nullable: true })
  appraisalDate: string | null;

  @Column({ name: 'appraisal_report_no', type: 'varchar', length: 50, nullable: true })
  appraisalReportNo: string | null;

  @Column({ name: 'appraisal_findings', type: 'text', nullable: true })
  appraisalFindings: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: RepairStatus;

  /** The three free services (三免费); null where nobody has recorded it either way. */
  @Column({ name: 'design_drawings', type: 'boolean', nullable: true })
  designDrawings: boolean | null;

  @Column({ name: 'construction_supervision', type: 'boolean', nullable: true })
  constructionSupervision: boolean | null;

  @Column({ name: 'technical_service', type: 'boolean', nullable: true })
  technicalService: boolean | null;

  @Column({ type: 'text', nullable: true })
  remarks: string | null;

  /** 居民身份证号 (GB 11643). Personal data: shown unmasked only to roles allowed to see it. */
  @Column({ name: 'id_card_number', type: 'varchar', length: 18, nullable: true })
  idCardNumber: string | null;

  /** Personal data, like the ID-card number. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  /** Marks records that stand in for households the source counted but did not name. */
  @Column({ name: 'is_placeholder', type: 'boolean', default: false })
  isPlaceholder: boolean;

  /** The date of the household's first recorded status (its baseline). */
  @Column({ name: 'first_recorded_on', type: 'date', nullable: true })
  firstRecordedOn: string | null;

  /** The date of its latest recorded status change. */
  @Column({ name: 'last_change_on', type: 'date', nullable: true })
  lastChangeOn: string | null;

  /** Grows by one on every change; writers must send the version they read. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
