/**
 * Text that people read: names, addresses, notes, remarks. What a person can type on a
 * keyboard or paste from a ledger is accepted; what only a program can put there is not:
 *
 * - C0 and C1 control characters (a NUL in a village name once broke every PDF and PNG report
 *   by village and made the SVG invalid XML), except tab and line breaks in multi-line fields;
 * - lone surrogates (half of a character: not valid UTF-8 once stored);
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make
 *   a text display in another order than it is stored (a name that reads as another name);
 * - the non-characters U+FFFE and U+FFFF, which XML forbids.
 *
 * A value made only of whitespace and invisible characters (zero-width space, word joiner,
 * byte-order mark, soft hyphen, ideographic space, Hangul fillers) counts as blank.
 */

import { type FieldIssue } from './messages/catalogue.js';
import { issue } from './messages/problem.js';

// These patterns match control characters on purpose: they are what is refused.
/* eslint-disable no-control-regex */
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|\p{Surrogate}/u;
/** Multi-line fields also allow tab, line feed and carriage return. */
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|\p{Surrogate}/u;
/** Everything a renderer must not be handed, whatever the field (tab and line breaks are drawn as space or a new line). */
const UNDRAWABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|\p{Surrogate}/gu;
/* eslint-enable no-control-regex */
// U+034F (combining grapheme joiner) is listed alone, as the invisible character it is, not to combine.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\s\u00AD\u034F\u115F\u1160\u180E\u200B-\u200F\u2060-\u2064\u3164\uFEFF\uFFA0]/gu;

/** What stands in, in files and pictures, for a stored character that cannot be drawn. */
export const REPLACEMENT = '□';

export interface ReadableTextOptions {
  /** Notes, findings and remarks may hold tabs and line breaks; names and addresses may not. */
  multiline?: boolean;
  /** Whether an empty or blank value is refused (names) or left to the caller (optional notes). */
  required?: boolean;
}

/** True when `value` has nothing a reader would see: only whitespace and invisible characters. */
export function isBlankText(value: string): boolean {
  return value.replace(INVISIBLE, '') === '';
}

/**
 * What makes `value` not text people can read, or null when it is: the first offending
 * character by its code point (U+0000), since it cannot be shown, and its position.
 */
export function readableTextProblem(value: string, options: ReadableTextOptions = {}): FieldIssue<'control_character' | 'blank'> | null {
  const multiline = options.multiline ?? false;
  const forbidden = (multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).exec(value);
  if (forbidden) {
    const codePoint = forbidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return issue('control_character', { codePoint, position: forbidden.index + 1, multiline });
  }
  if (options.required && isBlankText(value)) return issue('blank');
  return null;
}

/**
 * `value` as a renderer may draw it: every character that a PDF, a picture or XML cannot hold
 * replaced by REPLACEMENT. For text already stored (before these rules, or written around
 * them); input is refused by readableTextProblem instead.
 */
export function drawableText(value: string): string {
  return value.replace(UNDRAWABLE, REPLACEMENT);
}
