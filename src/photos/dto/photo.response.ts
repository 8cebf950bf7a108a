import { ApiProperty } from '@nestjs/swagger';
import type { Photo } from '../entities/photo.entity.js';
import { PHOTO_STAGES, type PhotoStage } from '../photo-stage.js';

/** A photo as the API answers it; its images are GET /api/photos/:id and /api/photos/:id/thumbnail. */
export class PhotoResponse {
  @ApiProperty() id: number;
  @ApiProperty() householdId: number;
  @ApiProperty({ enum: PHOTO_STAGES }) stage: PhotoStage;
  @ApiProperty({ type: String, nullable: true, example: '2021-12-20' }) takenOn: string | null;
  @ApiProperty({ type: String, nullable: true }) caption: string | null;
  @ApiProperty({ description: 'The display copy’s width in pixels, upright' }) width: number;
  @ApiProperty({ description: 'The display copy’s height in pixels, upright' }) height: number;
  @ApiProperty({ description: 'The uploaded file’s size in bytes' }) bytes: number;
  @ApiProperty({ description: 'The uploaded file’s SHA-256, hex' }) sha256: string;
  @ApiProperty({ description: 'The uploader’s display name' }) uploadedBy: string;
  @ApiProperty({ description: 'The uploader’s user id' }) uploadedById: number;
  @ApiProperty({ example: '2021-12-23T02:00:00.000Z' }) uploadedAt: string;
}

export function toPhotoResponse(p: Photo): PhotoResponse {
  return {
    id: p.id,
    householdId: p.householdId,
    stage: p.stage,
    takenOn: p.takenOn,
    caption: p.caption,
    width: p.width,
    height: p.height,
    bytes: p.bytes,
    sha256: p.sha256,
    uploadedBy: p.uploadedBy,
    uploadedById: p.uploadedByUserId,
    uploadedAt: p.uploadedAt.toISOString(),
  };
}
