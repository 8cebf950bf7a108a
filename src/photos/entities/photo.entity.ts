import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PhotoStage } from '../photo-stage.js';

/** One photo of a household as evidence of its repair; the image files are on disk, named by `sha256`. */
@Entity('photos')
export class Photo {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'household_id', type: 'integer' })
  householdId: number;

  @Column({ type: 'varchar', length: 16 })
  stage: PhotoStage;

  /** The county date the photo was taken, when the uploader says. */
  @Column({ name: 'taken_on', type: 'date', nullable: true })
  takenOn: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  caption: string | null;

  /** The display copy's size in pixels, upright. */
  @Column({ type: 'integer' })
  width: number;

  @Column({ type: 'integer' })
  height: number;

  /** The uploaded file's size and SHA-256 (hex): its stored copies are named by the digest. */
  @Column({ type: 'integer' })
  bytes: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  /** What the upload's bytes are (image/jpeg, image/png, image/webp), by file-type. */
  @Column({ name: 'mime_type', type: 'varchar', length: 16 })
  mimeType: string;

  @Column({ name: 'uploaded_by', type: 'varchar', length: 100 })
  uploadedBy: string;

  @Column({ name: 'uploaded_by_user_id', type: 'integer' })
  uploadedByUserId: number;

  @Column({ name: 'uploaded_at', type: Date })
  uploadedAt: Date;
}
