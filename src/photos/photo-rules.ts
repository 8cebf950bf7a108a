import { ForbiddenException, ConflictException } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { problem } from '../common/messages/problem.js';
import type { RepairStatus } from '../repairs/repair-status.js';
import type { InspectionRecord } from '../repairs/inspection.js';
import type { Photo } from './entities/photo.entity.js';

/** How long the uploader may take a wrong photo back; an admin may at any time. */
export const PHOTO_DELETE_HOURS = 24;

export type PhotoDeletionRefusal = 'not_allowed' | 'used_by_acceptance';

/**
 * Whether `user` may delete `photo` now: the uploader within PHOTO_DELETE_HOURS or an admin, and
 * never a photo the household's acceptance relied on once it is accepted (the archive keeps it).
 */
export function photoDeletionRefusal(
  photo: Pick<Photo, 'id' | 'uploadedByUserId' | 'uploadedAt'>,
  user: Pick<AuthUser, 'id' | 'role'>,
  now: Date,
  household: { status: RepairStatus; acceptance: InspectionRecord | null },
): PhotoDeletionRefusal | null {
  const ownAndRecent = photo.uploadedByUserId === user.id && now.getTime() - photo.uploadedAt.getTime() <= PHOTO_DELETE_HOURS * 3_600_000;
  if (user.role !== 'admin' && !ownAndRecent) return 'not_allowed';
  if (household.status === 'accepted' && household.acceptance?.photoIds.includes(photo.id)) return 'used_by_acceptance';
  return null;
}

export function photoDeletionException(refusal: PhotoDeletionRefusal, photoId: number): ForbiddenException | ConflictException {
  return refusal === 'not_allowed'
    ? new ForbiddenException(problem('photo_delete_not_allowed', { hours: PHOTO_DELETE_HOURS }))
    : new ConflictException(problem('photo_used_by_acceptance', { id: photoId }));
}
