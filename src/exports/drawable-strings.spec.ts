import { describe, expect, it } from '@jest/globals';
import { REPLACEMENT } from '../common/readable-text.js';
import { drawableStrings } from './drawable-strings.js';
import { QINGXU_WEEK } from '../../test/support/exports/qingxu-week.fixture.js';

const R = REPLACEMENT;

describe('drawableStrings', () => {
  it.each([
    ['a string', '孟封\u0000村', `孟封${R}村`],
    ['a clean string', '孟封村', '孟封村'],
    ['line breaks and tabs, which renderers draw', '第一行\n第二行\t完', '第一行\n第二行\t完'],
    ['a number', 174, 174],
    ['null', null, null],
    ['undefined', undefined, undefined],
    ['a boolean', false, false],
    ['an array of strings', ['\u202E郑', '小武村'], [`${R}郑`, '小武村']],
    [
      'nested objects and arrays',
      { unit: { id: 1, name: '孟\u0085封村' }, remarks: ['\uD800'] },
      { unit: { id: 1, name: `孟${R}封村` }, remarks: [R] },
    ],
    ['an object key (left alone)', { '\u0000': 'x' }, { '\u0000': 'x' }],
  ])('%s', (_case, value, drawn) => {
    expect(drawableStrings(value)).toEqual(drawn);
  });

  it('keeps a Date as the same Date', () => {
    const generatedAt = new Date('2021-12-27T01:30:00Z');
    const record = drawableStrings({ householder: '郑\u0000清亮', generatedAt });
    expect(record.generatedAt).toBe(generatedAt);
    expect(record.householder).toBe(`郑${R}清亮`);
  });

  it('copies an object of a class as a plain object with drawable strings', () => {
    class Appraisal {
      constructor(readonly agency: string) {}
    }
    expect(drawableStrings({ appraisal: new Appraisal('清徐\u0000鉴定站') })).toStrictEqual({ appraisal: { agency: `清徐${R}鉴定站` } });
  });

  it('keeps binary data as it is', () => {
    const bytes = Buffer.from([0, 1, 2]);
    expect(drawableStrings({ bytes }).bytes).toBe(bytes);
  });

  it('copies rather than changes what it is given', () => {
    const report = { rows: [{ unit: { name: '孟封\u0000村' } }] };
    const drawn = drawableStrings(report);
    expect(report.rows[0].unit.name).toBe('孟封\u0000村');
    expect(drawn.rows[0].unit.name).toBe(`孟封${R}村`);
  });

  it('leaves a whole report that needs nothing unchanged', () => {
    const report = QINGXU_WEEK;
    expect(drawableStrings(report)).toEqual(report);
  });
});
