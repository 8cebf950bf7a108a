import { describe, expect, it } from '@jest/globals';
import { renderFieldIssue } from './messages/catalogue.js';
import { drawableText, isBlankText, readableTextProblem, REPLACEMENT } from './readable-text.js';

/** The problem as an English message for `field`, or null. */
const explain = (value: string, field: string, options: { multiline?: boolean; required?: boolean } = {}) => {
  const found = readableTextProblem(value, options);
  return found === null ? null : renderFieldIssue('en', field, found);
};

describe('text people read', () => {
  it.each([
    // [value, multiline, problem?]
    ['郑清亮', false, null],
    ['阎家营村 3 组 12 号', false, null],
    ['Zheng Qingliang', false, null],
    ['𠮷野家', false, null], // a character outside the BMP: a valid surrogate pair
    ['孟封\u0000村', false, 'U+0000 at position 3'],
    ['孟封村\u0007', false, 'U+0007'],
    ['\u001B[31m红色', false, 'U+001B'],
    ['孟封\u0085村', false, 'U+0085'], // C1 next line
    ['孟封\u007F村', false, 'U+007F'],
    ['郑\u202E亮清', false, 'U+202E'], // right-to-left override
    ['郑\u2066亮', false, 'U+2066'], // left-to-right isolate
    ['郑\uD800亮', false, 'U+D800'], // a lone high surrogate
    ['郑\uDC00', false, 'U+DC00'], // a lone low surrogate
    ['郑\uFFFE', false, 'U+FFFE'],
    ['第一行\n第二行', false, 'U+000A'],
    ['地板下沉\t墙体开裂', false, 'U+0009'],
    ['第一行\n第二行', true, null],
    ['第一行\r\n第二行', true, null],
    ['地板下沉\t墙体开裂', true, null],
    ['第一行\u000B第二行', true, 'U+000B'],
    ['备注\u0000', true, 'U+0000'],
  ])('%j (multiline %p) → %p', (value, multiline, problem) => {
    const answer = explain(value, 'householder', { multiline });
    if (problem === null) expect(answer).toBeNull();
    else expect(answer).toContain(problem);
    if (problem !== null) expect(answer).toContain('householder');
    if (problem !== null) expect(readableTextProblem(value, { multiline })?.code).toBe('control_character');
  });

  it.each([
    ['', true],
    ['   ', true],
    ['\u3000\u3000', true], // ideographic spaces
    ['\u200B', true], // zero-width space
    ['\u200B\u200C\u200D\u2060\uFEFF', true],
    ['\u00AD', true], // soft hyphen
    ['\u3164', true], // Hangul filler
    ['\u00A0\t\n', true],
    ['郑', false],
    [' 0 ', false],
    ['\u200B郑\u200B', false],
  ])('isBlankText(%j) is %p', (value, blank) => {
    expect(isBlankText(value)).toBe(blank);
  });

  it('refuses a blank required value, naming the field, and leaves an optional one to the caller', () => {
    expect(readableTextProblem('\u200B', { required: true })).toEqual({ code: 'blank', params: {} });
    expect(explain('\u200B', 'name', { required: true })).toBe('name must not be blank');
    expect(readableTextProblem('\u200B')).toBeNull();
    // A NUL alone is refused as a control character before it could count as blank.
    expect(explain('\u0000', 'name', { required: true })).toContain('U+0000');
  });

  it.each([
    ['孟封\u0000村', `孟封${REPLACEMENT}村`],
    ['郑\u202E亮清', `郑${REPLACEMENT}亮清`],
    ['\uD800郑', `${REPLACEMENT}郑`],
    ['\u0085\u009F', REPLACEMENT + REPLACEMENT],
    ['第一行\n第二行\t完', '第一行\n第二行\t完'],
    ['𠮷野家', '𠮷野家'],
    ['郑清亮', '郑清亮'],
  ])('drawableText(%j) is %j', (value, drawn) => {
    expect(drawableText(value)).toBe(drawn);
  });
});
