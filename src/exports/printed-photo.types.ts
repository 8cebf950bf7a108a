import type { PhotoStage } from '../photos/photo-stage.js';

/** A photo as a printed page shows it: the upright, EXIF-free JPEG and what to write under it. */
export interface PrintedPhoto {
  stage: PhotoStage;
  takenOn: string | null;
  caption: string | null;
  uploadedBy: string;
  width: number;
  height: number;
  jpeg: Uint8Array;
}
