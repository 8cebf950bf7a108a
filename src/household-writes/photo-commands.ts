import type { AuthUser } from '../auth/auth-user.js';
import { HouseholdNotFoundException } from '../households/household.exceptions.js';
import type { Photo } from '../photos/entities/photo.entity.js';
import { photoDeletionException, photoDeletionRefusal } from '../photos/photo-rules.js';
import { NotFoundException } from '@nestjs/common';
import { problem } from '../common/messages/problem.js';
import type { AccessScope } from '../regions/access-scope.js';
import { parseInspection } from '../repairs/inspection.js';
import { readAcceptanceRecord, readHousehold, readPhoto, type Command, type PhotoValues } from './write-steps.js';

/**
 * A household's photos as the write model decides them: added to a household the uploader can
 * see, and deleted (with an edit-log entry) only as photo-rules.ts allows. The image files are
 * written before (and removed after) by the photo store; these decide only the rows.
 */

/** A photo not found, or of a household outside the caller's scope: one answer, so ids cannot be probed. */
export class PhotoNotFoundException extends NotFoundException {
  constructor(id: number) {
    super(problem('not_in_scope', { kind: 'photo', id }));
  }
}

/** A photo row for a household in the uploader's scope; answers the photo with its id. */
export function* addPhoto(householdId: number, values: Omit<PhotoValues, 'householdId'>, scope: AccessScope): Command<Photo> {
  const household = yield* readHousehold(householdId);
  if (!household || !scope.covers(household.villageId)) throw new HouseholdNotFoundException(householdId);
  const row: PhotoValues = { ...values, householdId };
  return {
    steps: [{ kind: 'insert_photo', values: row }],
    result: ({ insertedPhotoId }) => {
      if (insertedPhotoId == null) throw new Error('The store reported no id for the inserted photo');
      return { id: insertedPhotoId, ...row };
    },
  };
}

/** Deletes a photo's row and logs it on the household; answers the deleted photo (its files may go if no other row names them). */
export function* deletePhoto(id: number, user: AuthUser, scope: AccessScope, now: Date): Command<Photo> {
  const photo = yield* readPhoto(id);
  const household = photo ? yield* readHousehold(photo.householdId) : null;
  if (!photo || !household || !scope.covers(household.villageId)) throw new PhotoNotFoundException(id);
  const acceptance = household.status === 'accepted' ? parseInspection(yield* readAcceptanceRecord(household.id)) : null;
  const refusal = photoDeletionRefusal(photo, user, now, { status: household.status, acceptance });
  if (refusal) throw photoDeletionException(refusal, id);
  const logged = JSON.stringify({ id: photo.id, stage: photo.stage, takenOn: photo.takenOn, caption: photo.caption, sha256: photo.sha256 });
  return {
    steps: [
      { kind: 'delete_photo', id },
      {
        kind: 'insert_edit',
        householdId: household.id,
        field: 'photo',
        oldValue: logged,
        newValue: null,
        actor: user.displayName,
        actorUserId: user.id,
        editedAt: now,
      },
    ],
    result: () => photo,
  };
}
