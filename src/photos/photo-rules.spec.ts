import { describe, expect, it } from '@jest/globals';
import type { InspectionRecord } from '../repairs/inspection.js';
import { photoDeletionRefusal } from './photo-rules.js';

const uploadedAt = new Date('2022-01-10T04:00:00Z');
const photo = { id: 7, uploadedByUserId: 3, uploadedAt };
const hoursLater = (h: number) => new Date(uploadedAt.getTime() + h * 3_600_000);
const relied: InspectionRecord = { passed: true, newGrade: 'A', ownerAgrees: true, method: null, remarks: null, photoIds: [7] };
const reliedOnAnother: InspectionRecord = { ...relied, photoIds: [8] };

describe('photoDeletionRefusal', () => {
  it.each([
    ['the uploader within the hour', 3, 'staff', 1, 'completed', null, null],
    ['the uploader at 24 hours', 3, 'staff', 24, 'completed', null, null],
    ['the uploader a day later', 3, 'staff', 24.01, 'completed', null, 'not_allowed'],
    ['another staff member at once', 4, 'staff', 0, 'completed', null, 'not_allowed'],
    ['an admin a year later', 1, 'admin', 24 * 365, 'completed', null, null],
    ['an admin, once the acceptance relied on it', 1, 'admin', 1, 'accepted', relied, 'used_by_acceptance'],
    ['the uploader, once the acceptance relied on it', 3, 'inspector', 1, 'accepted', relied, 'used_by_acceptance'],
    ['an admin, accepted without relying on it', 1, 'admin', 1, 'accepted', reliedOnAnother, null],
    // Reworked after a failed inspection: the old verdict no longer holds the photo.
    ['an admin, back in progress', 1, 'admin', 1, 'in_progress', relied, null],
  ] as const)('%s', (_name, userId, role, hours, status, acceptance, expected) => {
    expect(photoDeletionRefusal(photo, { id: userId, role: role }, hoursLater(hours), { status, acceptance })).toBe(expected);
  });
});
