import type { DamageGrade } from '../households/damage-grade.js';
import type { RepairStatus } from '../repairs/repair-status.js';
import type { PrintedPhoto } from './printed-photo.types.js';

/** One household's printable record (GET /api/households/:id/record?format=pdf), as plain data. */
export interface HouseholdRecord {
  county: string;
  township: string;
  village: string;
  householder: string;
  address: string | null;
  rooms: number | null;
  grade: DamageGrade;
  appraisal: { agency: string | null; date: string | null; reportNo: string | null; findings: string | null };
  status: RepairStatus;
  freeServices: { designDrawings: boolean | null; constructionSupervision: boolean | null; technicalService: boolean | null };
  remarks: string | null;
  /** Already masked for the reader when their role may not see it. */
  idCardNumber: string | null;
  phone: string | null;
  placeholder: boolean;
  version: number;
  /** Oldest first; `from` is null for the first recorded status. */
  history: { from: RepairStatus | null; to: RepairStatus; occurredOn: string; recordedAt: string; actor: string; note: string | null }[];
  /** Changes to other fields, oldest first; values already as they should print. */
  edits: { field: string; oldValue: string; newValue: string; actor: string; editedAt: string }[];
  /** Remarks on this village's report row for the household's grade. */
  reportRemarks: string[];
  /** The household's photos, oldest first, printed after the record (thumbnail size). */
  photos?: PrintedPhoto[];
  generatedAt: Date;
}
