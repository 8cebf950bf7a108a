/**
 * Rural housing safety appraisal grades: A safe, B some members unsafe, C partly dangerous,
 * D wholly dangerous. B and C are repaired; D is rebuilt; A needs no work.
 */
export const DAMAGE_GRADES = ['A', 'B', 'C', 'D'] as const;
export type DamageGrade = (typeof DAMAGE_GRADES)[number];

/** The grades whose repair the workflow and the progress figures are about. */
export const REPAIR_GRADES = ['B', 'C'] as const satisfies readonly DamageGrade[];
export type RepairGrade = (typeof REPAIR_GRADES)[number];

/** REPAIR_GRADES as an SQL list, `('B', 'C')`, for the report queries' `grade IN …`. */
export const REPAIR_GRADES_SQL = `(${REPAIR_GRADES.map((grade) => `'${grade}'`).join(', ')})`;

export const DAMAGE_GRADE_LABELS: Record<DamageGrade, string> = {
  A: 'A级（安全）',
  B: 'B级（局部不安全，修缮）',
  C: 'C级（局部危险，修缮加固）',
  D: 'D级（整体危险，拆除重建）',
};
