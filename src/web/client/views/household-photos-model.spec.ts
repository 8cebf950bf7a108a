import { describe, expect, it } from '@jest/globals';
import { PHOTO_DELETE_HOURS as SERVER_DELETE_HOURS } from '../../../photos/photo-rules.js';
import { PHOTO_STAGE_LABELS } from '../../../photos/photo-stage.js';
import type { Role } from '../api-types.js';
import { translate } from '../i18n/i18n.js';
import {
  canDeletePhoto,
  canUploadPhotos,
  formatSize,
  groupByStage,
  MAX_PHOTO_BYTES,
  PHOTO_ACCEPT,
  PHOTO_DELETE_HOURS,
  PHOTO_STAGES,
  refusalBeforeUpload,
  takenOnProblem,
  thumbnailSize,
  type PhotoStage,
} from './household-photos-model.js';

const HOUR = 3_600_000;
const UPLOADED = '2021-12-23T02:00:00.000Z';
const after = (ms: number) => new Date(Date.parse(UPLOADED) + ms);
const photo = { uploadedById: 7, uploadedAt: UPLOADED };

describe('who may upload photos', () => {
  it.each<[Role, boolean]>([
    ['staff', true],
    ['admin', true],
    ['inspector', true],
    ['supervisor', false],
  ])('%s: %s', (role, may) => {
    expect(canUploadPhotos(role)).toBe(may);
  });
});

describe('whether the delete button shows', () => {
  it('uses the same 24 hours as the server', () => {
    expect(PHOTO_DELETE_HOURS).toBe(SERVER_DELETE_HOURS);
  });

  it.each<[string, boolean, { id: number; role: Role }, number]>([
    ['the uploader at once', true, { id: 7, role: 'staff' }, 0],
    ['the uploader after 23 h 59 min', true, { id: 7, role: 'staff' }, 24 * HOUR - 60_000],
    ['the uploader at exactly 24 h', true, { id: 7, role: 'inspector' }, 24 * HOUR],
    ['the uploader a second after 24 h', false, { id: 7, role: 'staff' }, 24 * HOUR + 1000],
    ['the uploader whose clock is behind the server', true, { id: 7, role: 'staff' }, -5 * 60_000],
    ['another staff member at once', false, { id: 8, role: 'staff' }, 0],
    ['an admin a year later', true, { id: 1, role: 'admin' }, 365 * 24 * HOUR],
    ['an admin who uploaded it, later', true, { id: 7, role: 'admin' }, 48 * HOUR],
  ])('%s: %s', (_, shows, user, elapsed) => {
    expect(canDeletePhoto(user, photo, after(elapsed))).toBe(shows);
  });

  it('an unreadable upload time offers the uploader nothing, an admin still everything', () => {
    const broken = { uploadedById: 7, uploadedAt: 'yesterday' };
    expect(canDeletePhoto({ id: 7, role: 'staff' }, broken, after(0))).toBe(false);
    expect(canDeletePhoto({ id: 1, role: 'admin' }, broken, after(0))).toBe(true);
  });
});

describe('grouping by stage', () => {
  const of = (id: number, stage: PhotoStage) => ({ id, stage });

  it('orders the groups 修缮前, 施工中, 修缮后, 验收 and keeps the server order inside each', () => {
    const groups = groupByStage([of(1, 'after'), of(2, 'before'), of(3, 'acceptance'), of(4, 'during'), of(5, 'before'), of(6, 'after')]);
    expect(groups.map((g) => [g.stage, g.photos.map((p) => p.id)])).toEqual([
      ['before', [2, 5]],
      ['during', [4]],
      ['after', [1, 6]],
      ['acceptance', [3]],
    ]);
    expect(groups.map((g) => PHOTO_STAGE_LABELS[g.stage])).toEqual(['修缮前', '施工中', '修缮后', '验收']);
  });

  it('leaves out stages without photos, and a stage it does not know', () => {
    const groups = groupByStage([of(1, 'during'), { id: 2, stage: 'sideways' as PhotoStage }]);
    expect(groups.map((g) => g.stage)).toEqual(['during']);
    expect(groupByStage([])).toEqual([]);
  });

  it.each(PHOTO_STAGES)('stage %s is named in Chinese as the server names it', (stage) => {
    expect(translate('zh', `photos.stage.${stage}`)).toBe(PHOTO_STAGE_LABELS[stage]);
  });
});

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1025, '2 KB'],
    [512 * 1024, '512 KB'],
    [1024 * 1024 - 1, '1024 KB'],
    [1024 * 1024, '1 MB'],
    [2.5 * 1024 * 1024, '2.5 MB'],
    [2.41 * 1024 * 1024, '2.5 MB'],
    [MAX_PHOTO_BYTES, '15 MB'],
    [MAX_PHOTO_BYTES + 1, '15.1 MB'],
    [-1, '—'],
    [Number.NaN, '—'],
  ])('%s bytes → %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });
});

describe('what the page refuses before sending', () => {
  it.each([
    [MAX_PHOTO_BYTES, null],
    [MAX_PHOTO_BYTES + 1, 'too_large'],
    [1, null],
    [0, 'empty'],
  ])('a file of %s bytes: %s', (size, refusal) => {
    expect(refusalBeforeUpload({ size })).toBe(refusal);
  });

  // The server's PHOTO_LIMITS (photo-images.ts) cannot be imported here: it needs Node's
  // library, and the pages' type check covers this file. photos.browser-spec.ts sends a file of
  // exactly this size and sees the server take it in (and judge its bytes).
  it('15 MB is 15 × 1024 × 1024 bytes, as the server counts it', () => {
    expect(MAX_PHOTO_BYTES).toBe(15_728_640);
  });

  it('offers to choose JPEG, PNG and WebP, what the server reads', () => {
    expect(PHOTO_ACCEPT.split(',')).toEqual(['image/jpeg', 'image/png', 'image/webp']);
  });
});

describe('the taken-on date', () => {
  it.each([
    ['', null],
    ['2021-12-23', null],
    ['2021-12-01', null],
    ['2021-12-24', 'future'],
    ['2021-02-30', 'invalid'],
    ['23/12/2021', 'invalid'],
  ])('%j on 2021-12-23: %s', (value, problem) => {
    expect(takenOnProblem(value, '2021-12-23')).toBe(problem);
  });
});

describe('thumbnailSize', () => {
  it.each([
    [
      { width: 1600, height: 1200 },
      { width: 480, height: 360 },
    ],
    [
      { width: 1200, height: 1600 },
      { width: 480, height: 640 },
    ],
    [
      { width: 300, height: 200 },
      { width: 300, height: 200 },
    ],
    [
      { width: 0, height: 0 },
      { width: 480, height: 360 },
    ],
  ])('%j → %j', (size, box) => {
    expect(thumbnailSize(size)).toEqual(box);
  });
});
