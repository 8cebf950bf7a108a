import { describe, expect, it } from '@jest/globals';
import { inspectionProblems, inspectionRecord, lacksRequiredPhoto, type InspectionInput } from './inspection.js';
import type { RepairStatus } from './repair-status.js';

describe('inspectionProblems', () => {
  it.each([
    ['no record at all', 'completed', 'accepted', undefined, []],
    ['a full acceptance record', 'completed', 'accepted', { newGrade: 'A', ownerAgrees: true }, []],
    ['the owner disagreeing is still a record', 'completed', 'accepted', { newGrade: 'B', ownerAgrees: false }, []],
    ['an acceptance without the grade', 'completed', 'accepted', { ownerAgrees: true }, ['inspection.newGrade:required']],
    ['an acceptance without the opinion', 'completed', 'accepted', { newGrade: 'A' }, ['inspection.ownerAgrees:required']],
    ['an empty record on an acceptance', 'completed', 'accepted', {}, ['inspection.newGrade:required', 'inspection.ownerAgrees:required']],
    ['a failure with the owner’s opinion', 'completed', 'in_progress', { ownerAgrees: false, remarks: '不同意' }, []],
    ['a failure re-graded', 'completed', 'in_progress', { newGrade: 'B' }, ['inspection.newGrade:new_grade_on_failure']],
    ['a record on starting work', 'pending', 'in_progress', { ownerAgrees: true }, ['inspection:inspection_not_for_move']],
    ['a record on a completion', 'in_progress', 'completed', {}, ['inspection:inspection_not_for_move']],
  ] as [string, RepairStatus, RepairStatus, InspectionInput | undefined, string[]][])('%s', (_name, from, to, inspection, expected) => {
    expect(inspectionProblems(from, to, inspection).map((p) => `${p.field}:${p.code}`)).toEqual(expected);
  });
});

describe('lacksRequiredPhoto', () => {
  it.each([
    [true, 'accepted', [], true],
    [true, 'accepted', [4], false],
    // A failed inspection needs no photo of a finished house.
    [true, 'in_progress', [], false],
    [false, 'accepted', [], false],
  ] as [boolean, RepairStatus, number[], boolean][])('required %s, to %s, photos %j → %s', (required, to, photos, expected) => {
    expect(lacksRequiredPhoto(to, required, photos)).toBe(expected);
  });
});

describe('inspectionRecord', () => {
  it('keeps the answers, trims the text, and says whether it passed', () => {
    expect(inspectionRecord('accepted', { newGrade: 'A', ownerAgrees: true, method: ' 现场查看 ', remarks: '  ' }, [3, 5])).toEqual({
      passed: true,
      newGrade: 'A',
      ownerAgrees: true,
      method: '现场查看',
      remarks: null,
      photoIds: [3, 5],
    });
    expect(inspectionRecord('in_progress', null, [])).toEqual({
      passed: false,
      newGrade: null,
      ownerAgrees: null,
      method: null,
      remarks: null,
      photoIds: [],
    });
  });
});
