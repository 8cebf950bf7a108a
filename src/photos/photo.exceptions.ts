import {
  BadRequestException,
  type HttpException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { problem } from '../common/messages/problem.js';
import { PHOTO_LIMITS, type PhotoRefusal } from './photo-images.js';

/** The HTTP answers to a photo upload that is refused; nothing is stored for any of them. */

const MEGABYTES = PHOTO_LIMITS.maxBytes / 1024 / 1024;

/** No `file` part (400), or not a multipart request at all (415, as the ledger import answers it). */
export function photoFileMissing(multipart: boolean): HttpException {
  const body = problem('photo_file_missing');
  return multipart ? new BadRequestException(body) : new UnsupportedMediaTypeException(body);
}

export function photoTooLarge(): HttpException {
  return new PayloadTooLargeException(problem('photo_too_large', { maxMegabytes: MEGABYTES }));
}

export function photoRefused(refusal: PhotoRefusal): HttpException {
  switch (refusal.problem) {
    case 'too_large':
      return photoTooLarge();
    case 'not_an_image':
      return new UnsupportedMediaTypeException(problem('photo_not_an_image', { detected: refusal.details.detected ?? null }));
    // Too big in pixels: the same remedy as too big in bytes (a smaller photo), hence the same status.
    case 'too_many_pixels':
      return new PayloadTooLargeException(
        problem('photo_too_many_pixels', {
          megapixels: refusal.details.megapixels ?? 0,
          maxMegapixels: PHOTO_LIMITS.maxPixels / 1e6,
        }),
      );
    // A JPEG, PNG or WebP by its signature (so a type that is taken) that cannot be decoded.
    case 'unreadable':
      return new UnprocessableEntityException(problem('photo_unreadable'));
  }
}

/** 503: the clerk cannot fix it; the message says to tell the administrator. */
export function photoStorageFull(): HttpException {
  return new ServiceUnavailableException(problem('photo_storage_full'));
}
