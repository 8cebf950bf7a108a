import { describe, expect, it } from '@jest/globals';
import { fieldLabel, FIELD_LABELS } from './field-labels.js';

describe('fieldLabel', () => {
  it.each([
    ['householder', '户主', 'householder'],
    ['occurredOn', '发生日期', 'occurredOn'],
    ['idCardNumber', '身份证号', 'idCardNumber'],
    ['villageId', '所在村', 'villageId'],
    ['aliases[1]', '别名第2项', 'aliases[1]'],
    ['scope[0].level', '管辖范围第1项的层级', 'scope[0].level'],
    ['scope[12].id', '管辖范围第13项的编号', 'scope[12].id'],
    ['extra', 'extra', 'extra'], // a field nobody defined: as it was sent
    ['PORT', 'PORT', 'PORT'], // an environment variable
    ['constructor', 'constructor', 'constructor'], // not a label because Object.prototype has it
  ])('%s is %s in Chinese and %s in English', (path, zh, en) => {
    expect([fieldLabel(path, 'zh'), fieldLabel(path, 'en')]).toEqual([zh, en]);
  });

  it('has Chinese labels only, none empty', () => {
    const odd = Object.entries(FIELD_LABELS).filter(([, label]) => !/^[\u3400-\u9fff]+$/.test(label));
    expect(odd).toEqual([]);
  });
});
