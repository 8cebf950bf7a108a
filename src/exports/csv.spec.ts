import { describe, expect, it } from '@jest/globals';
import { csvField, csvFile } from './csv.js';

describe('csvField', () => {
  it.each([
    ['孟封村', '孟封村'],
    ['a,b', '"a,b"'],
    ['他说"好"', '"他说""好"""'],
    ['一行\r\n两行', '"一行\r\n两行"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@x', "'@x"],
    [' =1+1', "' =1+1"],
    ['   @SUM(A1)', "'   @SUM(A1)"],
    ['\u3000-2+3', "'\u3000-2+3"],
    ['\u00A0+1', "'\u00A0+1"],
    ['＝SUM(A1)', "'＝SUM(A1)"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
    [' ＝1', "' ＝1"],
    ['郑=清亮', '郑=清亮'],
    ['  孟封村', '  孟封村'],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=A1,"B"', `"'=A1,""B"""`],
    ['', ''],
    ['孟封\u0000村', '孟封□村'],
    ['郑\u202E亮', '郑□亮'],
  ])('text %p is written %p', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it.each([
    [174, '174'],
    [-2, '-2'],
    [0, '0'],
  ])('number %p is written plainly as %p', (value, written) => {
    expect(csvField(value)).toBe(written);
  });
});

describe('csvFile', () => {
  it('starts with the byte order mark and ends every line with CRLF', () => {
    const file = csvFile([['甲', 1], ['乙']]);
    expect(file.subarray(0, 3).toString('hex')).toBe('efbbbf');
    expect(file.subarray(3).toString('utf8')).toBe('甲,1\r\n乙\r\n');
  });
});
