import { BadRequestException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { invalidField } from '../common/errors.js';
import { issue, problem } from '../common/messages/problem.js';
import { photoFileMissing, photoTooLarge } from './photo.exceptions.js';
import { PHOTO_LIMITS } from './photo-images.js';

/** A photo upload as the service takes it: the file's bytes and the text fields as they were sent. */
export interface PhotoUpload {
  bytes: Buffer;
  fields: Record<string, string>;
}

/**
 * This route's own multipart limits (they replace the ledger's of src/imports/multipart.ts for
 * the request): the file may be one byte over the photo limit, so that a file too large is
 * answered by our check (413 photo_too_large) and not cut off; a caption of 200 characters is
 * at most 800 bytes of UTF-8.
 */
export const PHOTO_UPLOAD_LIMITS = {
  fileSize: PHOTO_LIMITS.maxBytes + 1,
  files: 1,
  // More than the three it takes, so that a stray field is named (unknown_field) rather than cut off.
  fields: 8,
  fieldSize: 1024,
  parts: 10,
  headerPairs: 50,
};

/** The file's part; the text fields are judged by PhotoFieldsDto (any other is an unknown field). */
const FILE_FIELD = 'file';

/**
 * Reads the multipart body whole (at most PHOTO_LIMITS.maxBytes + 1 for the file): the file as
 * bytes, every text field as sent (PhotosService judges them as it would a JSON body).
 */
export async function readPhotoUpload(request: FastifyRequest): Promise<PhotoUpload> {
  if (!request.isMultipart()) throw photoFileMissing(false);
  let bytes: Buffer | null = null;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts({ limits: PHOTO_UPLOAD_LIMITS })) {
      if (part.type === 'file') {
        if (part.fieldname !== FILE_FIELD) {
          part.file.resume();
          throw invalidField(part.fieldname, issue('unknown_field', { key: part.fieldname, within: '' }));
        }
        bytes = await part.toBuffer();
      } else if (part.fieldname !== FILE_FIELD) {
        fields[part.fieldname] = String(part.value);
      }
      // A form that has no file chosen sends its file field as text: answered below as no file.
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw photoTooLarge();
    // One photo per request: a second file is past the files limit.
    if (code === 'FST_FILES_LIMIT') throw invalidField(FILE_FIELD, issue('too_many_items', { max: 1 }));
    if (typeof code === 'string' && code.startsWith('FST_')) throw new BadRequestException(problem('malformed_request'));
    throw error;
  }
  if (!bytes || bytes.length === 0) throw photoFileMissing(true);
  if (bytes.length > PHOTO_LIMITS.maxBytes) throw photoTooLarge();
  return { bytes, fields };
}
