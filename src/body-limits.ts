import { BATCH_BODY_LIMIT_BYTES } from './repairs/batch-moves.controller.js';

/** Request bodies are small JSON documents; anything larger is refused with a 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** The routes whose bodies may be larger, by path (as the OpenAPI document writes it too). */
export const ROUTE_BODY_LIMITS: Readonly<Record<string, number>> = { '/api/transitions/batch': BATCH_BODY_LIMIT_BYTES };
