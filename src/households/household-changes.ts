import type { Household } from './entities/household.entity.js';

/** Fields edited directly; the status only moves through transitions. */
export const EDITABLE_FIELDS = [
  'villageId',
  'householder',
  'address',
  'rooms',
  'grade',
  'appraisalAgency',
  'appraisalDate',
  'appraisalReportNo',
  'appraisalFindings',
  'designDrawings',
  'constructionSupervision',
  'technicalService',
  'remarks',
  'idCardNumber',
  'phone',
] as const satisfies readonly (keyof Household)[];
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** Personal data: the edit log keeps these masked, so it never holds a full number. */
export const PERSONAL_FIELDS: readonly EditableField[] = ['idCardNumber', 'phone'];

/** Fields a household cannot be without. */
const REQUIRED_FIELDS: readonly EditableField[] = ['villageId', 'householder', 'grade'];

export interface FieldChange {
  field: EditableField;
  oldValue: unknown;
  newValue: unknown;
}

export type HouseholdPatch = Partial<Record<EditableField, unknown>>;

/** The required fields a patch tries to clear (set to null). */
export function clearedRequiredFields(patch: HouseholdPatch): EditableField[] {
  return REQUIRED_FIELDS.filter((field) => field in patch && patch[field] === null);
}

/** What a patch really changes: fields it leaves out or sets to the same value are not changes. */
export function diffHousehold(current: Pick<Household, EditableField>, patch: HouseholdPatch): FieldChange[] {
  return EDITABLE_FIELDS.filter((field) => patch[field] !== undefined && patch[field] !== current[field]).map((field) => ({
    field,
    oldValue: current[field],
    newValue: patch[field],
  }));
}
