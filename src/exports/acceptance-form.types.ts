import type { DamageGrade } from '../households/damage-grade.js';
import type { AcceptanceSummary } from '../repairs/acceptance-summary.js';
import type { RepairStatus } from '../repairs/repair-status.js';
import type { PrintedPhoto } from './printed-photo.types.js';

/** The acceptance form (验收表) of one household (GET /api/households/:id/acceptance-form), as plain data. */
export interface AcceptanceForm {
  county: string;
  township: string;
  village: string;
  householder: string;
  /** Masked, always: the form is signed and filed on paper. */
  idCardNumber: string | null;
  phone: string | null;
  address: string | null;
  rooms: number | null;
  grade: DamageGrade;
  status: RepairStatus;
  appraisal: { agency: string | null; date: string | null; reportNo: string | null; findings: string | null };
  summary: AcceptanceSummary;
  /** The photos of the finished house the verdict relied on (or, before it, those there are). */
  photos: PrintedPhoto[];
  /** Who printed it, and when. */
  printedBy: string;
  generatedAt: Date;
}
