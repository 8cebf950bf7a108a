import type { ErrorCode, FieldCode, FieldIssue, MessageParams, Problem } from './catalogue.js';

/**
 * Makers of problems: what the rules and exceptions say is wrong, as a catalogue code and its
 * parameters (the words are in catalogue.ts). Apart from the catalogue's types this module
 * imports nothing, so the pure rules the web pages share (the repair workflow) stay small.
 */

/** Parameters may be left out when a code needs none. */
type ParamsArgument<P> = Record<string, never> extends P ? [params?: P] : [params: P];

/** An error body's problem: `problem('stale_version', { id, sent, current })`. */
export function problem<C extends ErrorCode>(code: C, ...[params]: ParamsArgument<MessageParams<C>>): Problem<C> {
  return { code, params: params ?? {} } as Problem<C>;
}

/** What is wrong with a field's value: `issue('too_long', { max: 50 })`; the field is named where it is reported. */
export function issue<C extends FieldCode>(code: C, ...[params]: ParamsArgument<Omit<MessageParams<C>, 'field'>>): FieldIssue<C> {
  return { code, params: params ?? {} } as unknown as FieldIssue<C>;
}
