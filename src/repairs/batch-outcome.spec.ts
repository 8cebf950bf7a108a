import { describe, expect, it } from '@jest/globals';
import { refusedOutcome, type BatchStage } from './batch-outcome.js';

describe('refusedOutcome', () => {
  it.each([
    ['shape', 400, 'invalid'],
    // A malformed item is invalid whatever status its validation chose.
    ['shape', 422, 'invalid'],
    ['judgement', 404, 'not_found'],
    ['judgement', 409, 'conflict'],
    ['judgement', 422, 'refused'],
    ['judgement', 403, 'refused'],
    // A date before the last change is a rule about the move, not a malformed item.
    ['judgement', 400, 'refused'],
  ] as [BatchStage, number, string][])('%s %i → %s', (stage, statusCode, outcome) => {
    expect(refusedOutcome(stage, statusCode)).toBe(outcome);
  });
});
