import { isCalendarDate } from '../../../common/dates.js';
import type { PhotoResponse } from '../../../photos/dto/photo.response.js';
import { PHOTO_STAGES, type PhotoStage } from '../../../photos/photo-stage.js';
import type { Role } from '../api-types.js';

/**
 * The photo section's rules, pure (no DOM): who may upload, who may see a delete button, how
 * the gallery is grouped, what a file's size reads as and which files the page refuses itself.
 * The server decides again on every upload and delete; these only keep the page from offering
 * what it would refuse.
 */

export { PHOTO_STAGES, type PhotoStage };
/** One photo as GET /api/households/:id/photos lists it: the server's own class, as a type only (nothing of the server is bundled). */
export type { PhotoResponse };

/** The largest upload the server takes (it answers 413 photo_too_large above it). */
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;

/** How long uploaders may take their own photo back (the server's PHOTO_DELETE_HOURS). */
export const PHOTO_DELETE_HOURS = 24;

/** What a caption may hold (the server's limit). */
export const MAX_CAPTION_LENGTH = 200;

/** The file types the server reads (it checks the bytes, not the name). */
export const PHOTO_ACCEPT = 'image/jpeg,image/png,image/webp';

/** The roles that record the work may add its photos; supervisors look on. */
export function canUploadPhotos(role: Role): boolean {
  return role === 'staff' || role === 'admin' || role === 'inspector';
}

/**
 * Whether the delete button shows: an admin always; the uploader for PHOTO_DELETE_HOURS after
 * the upload (a wrong photo taken back soon), never anyone else. An upload time the page cannot
 * read offers nothing but to an admin.
 */
export function canDeletePhoto(
  user: { id: number; role: Role },
  photo: Pick<PhotoResponse, 'uploadedById' | 'uploadedAt'>,
  now: Date,
): boolean {
  if (user.role === 'admin') return true;
  if (photo.uploadedById !== user.id) return false;
  const uploaded = Date.parse(photo.uploadedAt);
  if (!Number.isFinite(uploaded)) return false;
  return now.getTime() - uploaded <= PHOTO_DELETE_HOURS * 3_600_000;
}

export interface StageGroup<T> {
  stage: PhotoStage;
  photos: T[];
}

/**
 * The gallery's groups in the repair's order (修缮前, 施工中, 修缮后, 验收), only those with
 * photos; within a group the server's order (oldest first) is kept. A stage the page does not
 * know is left out rather than shown under a wrong heading.
 */
export function groupByStage<T extends Pick<PhotoResponse, 'stage'>>(photos: readonly T[]): StageGroup<T>[] {
  return PHOTO_STAGES.map((stage) => ({ stage, photos: photos.filter((p) => p.stage === stage) })).filter((g) => g.photos.length > 0);
}

/**
 * A file's size for people: bytes under 1 KB, whole KB under 1 MB, MB with one decimal above
 * (1024-based, as phones and Windows show file sizes). Rounded up, so a file just over the limit
 * never reads as the limit itself.
 */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${Math.min(1024, Math.ceil(bytes / 1024))} KB`;
  const mb = Math.ceil((bytes / (1024 * 1024)) * 10) / 10;
  return `${Number.isInteger(mb) ? String(mb) : mb.toFixed(1)} MB`;
}

/** Why the page refuses a chosen file before sending it, or null to send it. */
export function refusalBeforeUpload(file: Pick<File, 'size'>): 'too_large' | 'empty' | null {
  if (file.size > MAX_PHOTO_BYTES) return 'too_large';
  if (file.size === 0) return 'empty';
  return null;
}

/** Whether a taken-on date may be sent: empty (not known), or a calendar date no later than the county's today. */
export function takenOnProblem(value: string, today: string): 'future' | 'invalid' | null {
  if (value === '') return null;
  if (!isCalendarDate(value)) return 'invalid';
  return value > today ? 'future' : null;
}

/** The thumbnail's box in pixels (at most 480 wide, as the server makes it), so the page keeps its layout while the image loads. */
export function thumbnailSize(photo: Pick<PhotoResponse, 'width' | 'height'>, maxWidth = 480): { width: number; height: number } {
  if (!(photo.width > 0) || !(photo.height > 0)) return { width: maxWidth, height: Math.round((maxWidth * 3) / 4) };
  const width = Math.min(maxWidth, photo.width);
  return { width, height: Math.max(1, Math.round((photo.height * width) / photo.width)) };
}
