import { fileTypeFromBuffer } from 'file-type';
import type { Metadata } from 'sharp';
import { lazyModule } from '../common/lazy-module.js';

/**
 * From an uploaded photo's bytes to the two copies the tracker keeps and serves: a display copy
 * (longest side at most 1600 px) and a thumbnail (at most 480 px wide), both JPEG, both turned
 * upright by the camera's EXIF Orientation and with no metadata at all (sharp writes none unless
 * asked: no EXIF, so no GPS position of the householder's house, no XMP, no IPTC, no ICC
 * profile; the pixels are converted to sRGB first). The upload itself is not kept.
 *
 * What is refused, as a PhotoRefusal the service answers: a file whose bytes are not JPEG,
 * PNG or WebP (file-type judges them; the name and Content-Type are not asked), a file over the
 * byte limit, an image of more pixels than PHOTO_LIMITS.maxPixels (a decompression bomb: a
 * 15 MB PNG can claim 40,000 × 40,000 pixels), and one sharp cannot decode.
 *
 * sharp decodes and encodes on libuv's threads, off the event loop; the service limits how many
 * photos are worked on at once (each holds its decoded pixels while it runs).
 */

export interface PhotoLimits {
  maxBytes: number;
  maxPixels: number;
  displaySide: number;
  thumbnailWidth: number;
}

export const PHOTO_LIMITS: Readonly<PhotoLimits> = {
  /** The upload. A phone photo is 2–8 MB; a 50-megapixel one at the highest quality about 15. */
  maxBytes: 15 * 1024 * 1024,
  /**
   * Width × height of the upload. Phones take 12–50 megapixels (the 200 MP modes of a few
   * models aside, which are refused with a message saying to use the normal resolution): 100
   * leaves twice the largest ordinary photo, and caps a decoded image at about 300 MB of RGB,
   * which JPEG's shrink-on-load never needs in full.
   */
  maxPixels: 100_000_000,
  /** The display copy's longest side. */
  displaySide: 1600,
  /** The thumbnail's width; its height is capped at the display side so a panorama stays small. */
  thumbnailWidth: 480,
};

/** The upload formats taken, by their MIME type as file-type names them. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** JPEG settings: mozjpeg's encoder makes files about a fifth smaller at the same quality (measured: 0.3 s more per photo). */
const DISPLAY_JPEG = { quality: 82, mozjpeg: true } as const;
const THUMBNAIL_JPEG = { quality: 78, mozjpeg: true } as const;

/**
 * sharp (libvips, about 19 MB resident) is loaded with the first upload, not at start. Its
 * operation cache keeps recent inputs and their decoded tiles: for uploads, each seen once, it
 * only holds memory, so it is switched off.
 */
const loadSharp = lazyModule(async () => {
  const sharp = (await import('sharp')).default;
  sharp.cache(false);
  return sharp;
});

export type PhotoProblem = 'too_large' | 'not_an_image' | 'too_many_pixels' | 'unreadable';

/** An upload the tracker will not keep, and why. `detected`: what the bytes are instead (file-type's extension), for not_an_image. */
export class PhotoRefusal extends Error {
  constructor(
    readonly problem: PhotoProblem,
    readonly details: { detected?: string | null; megapixels?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(`The photo is refused: ${problem}`, options);
    this.name = 'PhotoRefusal';
  }
}

/** The upload's format judged by its bytes, or a refusal (too large, or not a JPEG, PNG or WebP). */
export async function photoType(bytes: Uint8Array, limits: PhotoLimits = PHOTO_LIMITS): Promise<PhotoType> {
  if (bytes.length > limits.maxBytes) throw new PhotoRefusal('too_large');
  const found = await fileTypeFromBuffer(bytes);
  if (!found || !(PHOTO_TYPES as readonly string[]).includes(found.mime)) {
    throw new PhotoRefusal('not_an_image', { detected: found?.ext ?? null });
  }
  return found.mime as PhotoType;
}

export interface ImageCopy {
  data: Buffer;
  width: number;
  height: number;
}

export interface PhotoCopies {
  display: ImageCopy;
  thumbnail: ImageCopy;
}

/**
 * Decoding options for an untrusted upload: sharp's own pixel check as a second line behind the
 * one made from the header below; `failOn: 'error'` refuses broken and cut-off images but lets
 * through the warnings some phones' encoders cause (stray bytes after the image's end).
 */
const inputOptions = (limits: PhotoLimits) => ({ limitInputPixels: limits.maxPixels, failOn: 'error' as const });

/** The display copy and the thumbnail of an upload whose type photoType accepted; refuses too many pixels or an undecodable image. */
export async function photoCopies(bytes: Uint8Array, limits: PhotoLimits = PHOTO_LIMITS): Promise<PhotoCopies> {
  const sharp = await loadSharp();
  let header: Metadata;
  try {
    // The header only: the pixel count is judged here, so that the answer can say it.
    header = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new PhotoRefusal('unreadable', {}, { cause: error });
  }
  const pixels = (header.width ?? 0) * (header.height ?? 0);
  if (pixels > limits.maxPixels) throw new PhotoRefusal('too_many_pixels', { megapixels: Math.ceil(pixels / 1e6) });
  if (pixels === 0) throw new PhotoRefusal('unreadable');
  try {
    const display = await sharp(bytes, inputOptions(limits))
      .autoOrient()
      .resize({ width: limits.displaySide, height: limits.displaySide, fit: 'inside', withoutEnlargement: true })
      // A transparent PNG or WebP on white, as it would look printed.
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg(DISPLAY_JPEG)
      .toBuffer({ resolveWithObject: true });
    // From the display copy (already upright, small and without metadata): one more decode of 1600 px instead of the upload's.
    const thumbnail = await sharp(display.data)
      .resize({ width: limits.thumbnailWidth, height: limits.displaySide, fit: 'inside', withoutEnlargement: true })
      .jpeg(THUMBNAIL_JPEG)
      .toBuffer({ resolveWithObject: true });
    return {
      display: { data: display.data, width: display.info.width, height: display.info.height },
      thumbnail: { data: thumbnail.data, width: thumbnail.info.width, height: thumbnail.info.height },
    };
  } catch (error) {
    throw new PhotoRefusal('unreadable', {}, { cause: error });
  }
}
