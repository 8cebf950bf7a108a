import { describe, expect, it } from '@jest/globals';
import { displayWidth, fittedWidth, lineCapacity, rowHeightFor, widthForUnits, wrappedLines } from './sheet-text-fit.js';

describe('displayWidth', () => {
  it.each([
    ['', 0],
    ['孟封村', 6],
    ['（首次记录）', 12],
    ['—', 2],
    ['１２', 4], // full-width digits
    ['한글', 4],
    ['𠀋', 2], // outside the Basic Multilingual Plane
    // Latin letters and digits 1.35 (DejaVu Sans draws a digit 0.64 em wide), a space 0.7, the widest signs 2.
    ['2021-12-23', 13.5],
    ['90.8%', 7.4],
    ['B级', 3.35],
    ['郑*亮', 5.35],
    ['补录, "含引号", 含逗号', 22.8],
    ['Mw@', 6],
    ['e\u0301', 1.35], // a combining accent takes no room
    ['a\tb', 2.7], // nor does a control character
  ])('%p is %p units wide', (text, width) => {
    expect(displayWidth(text)).toBeCloseTo(width, 10);
  });
});

describe('lineCapacity and widthForUnits (Excel units: a 7 px digit, 5 px margin; a CJK character at 11 pt is 15 px)', () => {
  it.each([
    // width, display units per line at 11 pt (CJK characters: half of it)
    [8, 7],
    [12, 11],
    [14, 13],
    [20, 18],
    [30, 28],
    [48, 45],
    [60, 56],
  ])('a column %p wide holds %p units a line', (width, units) => {
    expect(lineCapacity(width)).toBe(units);
  });

  it('holds fewer units of a larger font', () => {
    expect(lineCapacity(48, 16)).toBe(30);
  });

  it('always holds at least one unit', () => {
    expect(lineCapacity(0)).toBe(1);
  });

  it.each([2, 8, 10, 24, 45, 80])('widthForUnits(%p) is the narrowest width that holds them', (units) => {
    const width = widthForUnits(units);
    expect(lineCapacity(width)).toBeGreaterThanOrEqual(units);
    expect(lineCapacity(width - 1)).toBeLessThan(units);
  });
});

describe('wrappedLines', () => {
  const remark = '来源报道未给出C级验收户数；此处已完工户均记为未验收，验收数不代表实际情况';

  it.each([
    ['', 10, 1],
    ['孟封村', 10, 1],
    // 45 units a line at width 48: 22 CJK characters.
    ['一'.repeat(22), 48, 1],
    ['一'.repeat(23), 48, 2],
    [remark, 48, 2],
    [remark, 30, 3],
    [remark, 14, 7],
    // Latin words stay whole: 'Building' does not fit after 'Shanxi ' in 11 units.
    ['Shanxi Building', 14, 2],
    ['Shanxi Building', 22, 1],
    // A word longer than the line is cut anywhere.
    ['x'.repeat(30), 14, 4],
    // Its own line breaks count, CRLF as one.
    ['鉴定站\r\n第二行', 20, 2],
    ['甲\n\n乙', 20, 3],
  ])('%p in a column %p wide takes %p lines', (text, width, lines) => {
    expect(wrappedLines(text, width)).toBe(lines);
  });

  it('keeps closing punctuation with the character before it', () => {
    // Ten units fit; '一二三四，' is ten, so '五，' goes down whole rather than leaving '，' to start a line.
    expect(wrappedLines('一二三四五，', 11)).toBe(2);
    expect(lineCapacity(11)).toBe(10);
    expect(wrappedLines('一二三四，', 11)).toBe(1);
  });

  it('never puts more units on a line than the column holds', () => {
    for (let width = 6; width <= 60; width++) {
      for (let length = 1; length <= 80; length++) {
        const text = '验'.repeat(length);
        const lines = wrappedLines(text, width);
        const perLine = Math.floor(lineCapacity(width) / 2);
        expect([width, length, lines]).toEqual([width, length, Math.ceil(length / perLine)]);
      }
    }
  });
});

describe('rowHeightFor', () => {
  it.each([
    [0, 11, 19],
    [1, 11, 19],
    [2, 11, 35],
    [3, 11, 51],
    [1, 16, 26.25],
  ])('%p lines at %p pt need %p pt', (lines, size, height) => {
    expect(rowHeightFor(lines, size)).toBe(height);
  });

  it('gives every line at least 1.4 times the font size', () => {
    for (let lines = 1; lines <= 20; lines++) expect(rowHeightFor(lines)).toBeGreaterThanOrEqual(lines * 11 * 1.4);
  });
});

describe('fittedWidth', () => {
  it('fits the longest text on one line, with one unit spare', () => {
    const width = fittedWidth(['村', '阎家营村', '孟封村'], { min: 6, max: 30 });
    expect(width).toBe(widthForUnits(8) + 1);
    expect(wrappedLines('阎家营村', width)).toBe(1);
  });

  it('keeps within the limits', () => {
    expect(fittedWidth(['1'], { min: 8, max: 30 })).toBe(8);
    expect(fittedWidth(['一'.repeat(100)], { min: 8, max: 48 })).toBe(48);
  });

  it.each(['B+C合计', '2021-12-23', '2021-12-24 10:00', '100.0%', '（首次记录）'])('fits %p on one line', (text) => {
    expect(wrappedLines(text, fittedWidth([text], { min: 1, max: 60 }))).toBe(1);
  });

  it('measures each line of a text with line breaks', () => {
    expect(fittedWidth(['一二\n三'], { min: 1, max: 60 })).toBe(fittedWidth(['一二'], { min: 1, max: 60 }));
  });
});
