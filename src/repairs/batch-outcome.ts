/**
 * How one item of a batch of moves ended, by the status its own request would have answered:
 * the outcomes `POST /api/transitions/batch` reports per item (README, "Batch moves").
 */
export const BATCH_OUTCOMES = ['applied', 'duplicate', 'conflict', 'refused', 'not_found', 'invalid'] as const;
export type BatchOutcome = (typeof BATCH_OUTCOMES)[number];

/** Where the item's answer came from: the item's own shape, or the write model's judgement of it. */
export type BatchStage = 'shape' | 'judgement';

/**
 * The outcome of an item that did not apply: a malformed item is `invalid`; of a well-formed
 * one, 404 `not_found`, 409 `conflict` (someone changed it first, or its clientId was used for
 * something else), and every other refusal (403, 422, a date or inspection the rules refuse)
 * `refused`.
 */
export function refusedOutcome(stage: BatchStage, statusCode: number): Exclude<BatchOutcome, 'applied' | 'duplicate'> {
  if (stage === 'shape') return 'invalid';
  if (statusCode === 404) return 'not_found';
  if (statusCode === 409) return 'conflict';
  return 'refused';
}
