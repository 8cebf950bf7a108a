import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { PrintedPhoto } from '../exports/printed-photo.types.js';
import { Photo } from './entities/photo.entity.js';
import { PhotoFiles, type PhotoVariant } from './photo-files.js';
import type { PhotoStage } from './photo-stage.js';

/** Which of a household's photos to print. */
export interface PhotoSelection {
  /** These photos (those still there), in this order; else every photo of `stages`. */
  ids?: readonly number[];
  stages?: readonly PhotoStage[];
  variant: PhotoVariant;
  /** The latest this many, printed oldest first. */
  limit: number;
}

/**
 * A household's photos as printed pages take them (the record, the acceptance form): the rows
 * and their stored copies, upright and without EXIF. The caller has checked the household is in
 * the reader's scope. A copy missing from disk is left out and logged, so one lost file does not
 * stop the page that shows the rest.
 */
@Injectable()
export class PhotoPrints {
  private readonly logger = new Logger(PhotoPrints.name);

  constructor(
    @InjectRepository(Photo) private readonly photos: Repository<Photo>,
    private readonly files: PhotoFiles,
  ) {}

  async forHousehold(householdId: number, selection: PhotoSelection): Promise<PrintedPhoto[]> {
    const where = selection.ids
      ? { householdId, id: In([...selection.ids]) }
      : selection.stages
        ? { householdId, stage: In([...selection.stages]) }
        : { householdId };
    const rows = (await this.photos.find({ where, order: { id: 'DESC' }, take: selection.limit })).reverse();
    const printed = await Promise.all(
      rows.map(async (row): Promise<PrintedPhoto | null> => {
        try {
          const jpeg = await this.files.read(row.sha256, selection.variant);
          return {
            stage: row.stage,
            takenOn: row.takenOn,
            caption: row.caption,
            uploadedBy: row.uploadedBy,
            width: row.width,
            height: row.height,
            jpeg: new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength),
          };
        } catch (error) {
          this.logger.warn(
            { photoId: row.id, householdId, err: error instanceof Error ? error.message : String(error) },
            'photo file missing: left off the printed page',
          );
          return null;
        }
      }),
    );
    return printed.filter((p): p is PrintedPhoto => p !== null);
  }
}
