import { describe, expect, it } from '@jest/globals';
import { clearedRequiredFields, diffHousehold, type HouseholdPatch } from './household-changes.js';
import type { Household } from './entities/household.entity.js';

const current = {
  villageId: 3,
  householder: '郑清亮',
  address: null,
  rooms: 7,
  grade: 'C',
  appraisalAgency: null,
  appraisalDate: null,
  appraisalReportNo: null,
  appraisalFindings: '地板下沉',
  designDrawings: null,
  constructionSupervision: true,
  technicalService: false,
  remarks: null,
  idCardNumber: null,
  phone: '13812345678',
} satisfies Partial<Household>;

describe('diffHousehold', () => {
  it.each([
    ['an empty patch', {}, []],
    ['the same values', { grade: 'C', rooms: 7, technicalService: false }, []],
    ['a re-appraisal from C to D', { grade: 'D' }, [{ field: 'grade', oldValue: 'C', newValue: 'D' }]],
    ['clearing a value', { appraisalFindings: null }, [{ field: 'appraisalFindings', oldValue: '地板下沉', newValue: null }]],
    ['setting an unknown service', { designDrawings: false }, [{ field: 'designDrawings', oldValue: null, newValue: false }]],
    [
      'two fields, in field order',
      { rooms: 8, villageId: 4 },
      [
        { field: 'villageId', oldValue: 3, newValue: 4 },
        { field: 'rooms', oldValue: 7, newValue: 8 },
      ],
    ],
    ['a field that is not editable', { status: 'accepted', version: 9 }, []],
    ['a new phone', { phone: '13987654321' }, [{ field: 'phone', oldValue: '13812345678', newValue: '13987654321' }]],
  ])('%s', (_name, patch, expected) => {
    expect(diffHousehold(current, patch as HouseholdPatch)).toEqual(expected);
  });
});

describe('clearedRequiredFields', () => {
  it.each([
    [{ householder: null, address: null }, ['householder']],
    [{ grade: null, villageId: null }, ['villageId', 'grade']],
    [{ remarks: null }, []],
    [{ householder: undefined }, []],
  ])('%p clears %p', (patch, expected) => {
    expect(clearedRequiredFields(patch)).toEqual(expected);
  });
});
