import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { ConcurrencyLimit } from '../common/concurrency-limit.js';
import { HouseholdWriter } from '../household-writes/household-writer.js';
import { addPhoto, deletePhoto, PhotoNotFoundException } from '../household-writes/photo-commands.js';
import { Household } from '../households/entities/household.entity.js';
import { HouseholdsService } from '../households/households.service.js';
import { RegionsService } from '../regions/regions.service.js';
import { toPhotoResponse, type PhotoResponse } from './dto/photo.response.js';
import { Photo } from './entities/photo.entity.js';
import { photoRefused, photoStorageFull } from './photo.exceptions.js';
import { photoFields } from './photo-fields.js';
import { PhotoFiles, PhotoStorageFullError, type PhotoVariant } from './photo-files.js';
import { photoCopies, PhotoRefusal, photoType, type PhotoCopies } from './photo-images.js';
import type { PhotoUpload } from './photo-upload.js';

/**
 * Photos decoded at once in this process. Each holds the decoded (shrunk-on-load) pixels of
 * its upload while sharp works, up to ~100 MB for a large PNG; more uploads at the same moment
 * wait their turn instead of each adding their own (test/bench/photo.bench.ts measures it).
 */
export const PHOTO_PROCESSING_SLOTS = 2;

/**
 * A household's photos: upload (checked, made into a display copy and a thumbnail, files
 * written, then the row through the write model), list, the images, and delete (the row and its
 * edit-log entry through the write model, then the files if no other row names them).
 */
@Injectable()
export class PhotosService {
  private readonly logger = new Logger(PhotosService.name);
  private readonly processing = new ConcurrencyLimit(PHOTO_PROCESSING_SLOTS);

  constructor(
    @InjectRepository(Photo) private readonly photos: Repository<Photo>,
    private readonly households: HouseholdsService,
    private readonly regions: RegionsService,
    private readonly writer: HouseholdWriter,
    private readonly files: PhotoFiles,
    private readonly clock: Clock,
  ) {}

  /** 404 unless the household is in the user's scope: asked before an upload is read, so nothing of it is worked on. */
  async assertHouseholdVisible(householdId: number, user: AuthUser): Promise<void> {
    const { scope } = await this.regions.accessFor(user);
    await this.households.findVisible(this.photos.manager, householdId, scope);
  }

  async upload(householdId: number, upload: PhotoUpload, user: AuthUser): Promise<PhotoResponse> {
    const fields = await photoFields(upload.fields, this.clock.today());
    let mimeType: string;
    let copies: PhotoCopies;
    try {
      mimeType = await photoType(upload.bytes);
      copies = await this.processing.run(() => photoCopies(upload.bytes));
    } catch (error) {
      if (error instanceof PhotoRefusal) throw photoRefused(error);
      throw error;
    }
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    await this.storeFiles(sha256, copies);
    const { scope } = await this.regions.accessFor(user);
    let photo: Photo;
    try {
      photo = await this.writer.run(
        addPhoto(
          householdId,
          {
            ...fields,
            width: copies.display.width,
            height: copies.display.height,
            bytes: upload.bytes.length,
            sha256,
            mimeType,
            uploadedBy: user.displayName,
            uploadedByUserId: user.id,
            uploadedAt: this.clock.now(),
          },
          scope,
        ),
      );
    } catch (error) {
      await this.removeFilesIfUnused(sha256);
      throw error;
    }
    // A delete of another photo of the same image may have taken the pair away after store()
    // found it; with this row written, it will not again (PhotoFiles.removeUnlessUsed).
    if (!(await this.files.has(sha256))) await this.storeFiles(sha256, copies);
    this.logger.log(
      { photoId: photo.id, householdId, stage: photo.stage, bytes: photo.bytes, mimeType, userId: user.id },
      'photo uploaded',
    );
    return toPhotoResponse(photo);
  }

  /** The household's photos, oldest first. */
  async list(householdId: number, user: AuthUser): Promise<PhotoResponse[]> {
    await this.assertHouseholdVisible(householdId, user);
    const photos = await this.photos.find({ where: { householdId }, order: { id: 'ASC' } });
    return photos.map(toPhotoResponse);
  }

  /** A photo of a household in the user's scope; any other id is a 404 (not_in_scope, kind photo), whether or not it exists. */
  async visible(id: number, user: AuthUser): Promise<Photo> {
    const { scope } = await this.regions.accessFor(user);
    const photo = await this.photos.findOneBy({ id });
    const household = photo
      ? await this.photos.manager.findOne(Household, { select: { id: true, villageId: true }, where: { id: photo.householdId } })
      : null;
    if (!photo || !household || !scope.covers(household.villageId)) throw new PhotoNotFoundException(id);
    return photo;
  }

  image(photo: Photo, variant: PhotoVariant): Promise<Buffer> {
    return this.files.read(photo.sha256, variant);
  }

  /** Deletes the photo as photo-rules.ts allows (logged in the household's edit log); its files go when no other photo has them. */
  async delete(id: number, user: AuthUser): Promise<void> {
    const { scope } = await this.regions.accessFor(user);
    const photo = await this.writer.run(deletePhoto(id, user, scope, this.clock.now()));
    const files = await this.removeFilesIfUnused(photo.sha256);
    this.logger.log({ photoId: id, householdId: photo.householdId, files, userId: user.id }, 'photo deleted');
  }

  private async storeFiles(sha256: string, copies: PhotoCopies): Promise<void> {
    try {
      await this.files.store(sha256, { display: copies.display.data, thumbnail: copies.thumbnail.data });
    } catch (error) {
      if (!(error instanceof PhotoStorageFullError)) throw error;
      // The clerk is told to call the administrator; this is what the administrator reads.
      this.logger.error(
        { photoDir: this.files.dir, freeBytes: error.freeBytes, cause: error.cause instanceof Error ? error.cause.message : null },
        'photo storage full: upload refused',
      );
      throw photoStorageFull();
    }
  }

  /** The image's files removed unless a photo row still names them; a file that cannot be removed is left (and logged), not a failure. */
  private async removeFilesIfUnused(sha256: string): Promise<'removed' | 'kept' | 'left'> {
    try {
      return await this.files.removeUnlessUsed(sha256, () => this.photos.existsBy({ sha256 }));
    } catch (error) {
      this.logger.warn({ sha256, error: String(error) }, 'photo files could not be removed');
      return 'left';
    }
  }
}
