import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { LEDGER_LIMITS } from './reading/ledger-file.js';

/**
 * multipart/form-data for uploads (a ledger file): one file, a few short fields. The file may
 * be one byte over the ledger limit, so that a file that is too large is told so by the
 * ledger's own check (413 ledger_file_refused) rather than cut off.
 */
export const UPLOAD_LIMITS = {
  fileSize: LEDGER_LIMITS.maxBytes + 1,
  files: 1,
  fields: 10,
  fieldSize: 1024,
  parts: 12,
  headerPairs: 50,
};

export async function registerMultipart(fastify: FastifyInstance): Promise<void> {
  await fastify.register(multipart, { limits: UPLOAD_LIMITS });
}
