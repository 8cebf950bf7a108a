import { describe, expect, it } from '@jest/globals';
import { REPAIR_STATUS_LABELS, REPAIR_STATUSES } from '../../../repairs/repair-status.js';
import { DICTIONARIES, fill, translate, type Language } from './i18n.js';

const LANGUAGES = Object.keys(DICTIONARIES) as Language[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the dictionaries', () => {
  const keys = new Set(LANGUAGES.flatMap((l) => Object.keys(DICTIONARIES[l])));

  it.each(LANGUAGES)('%s has every key, none empty', (language) => {
    const dictionary = DICTIONARIES[language] as Record<string, string>;
    const missing = [...keys].filter((k) => typeof dictionary[k] !== 'string' || dictionary[k].trim() === '');
    expect(missing).toEqual([]);
  });

  it('each key has the same {placeholders} in both languages', () => {
    const differing = [...keys].filter((k) => {
      const [zh, en] = [DICTIONARIES.zh, DICTIONARIES.en].map((d) => placeholders((d as Record<string, string>)[k]).join(','));
      return zh !== en;
    });
    expect(differing).toEqual([]);
  });

  it.each(REPAIR_STATUSES)('status %s reads in Chinese as the server and the exports write it', (status) => {
    expect(translate('zh', `status.${status}`)).toBe(REPAIR_STATUS_LABELS[status]);
  });

  it('the English words are English (no Chinese left untranslated), except the name of the other language', () => {
    const chinese = Object.entries(DICTIONARIES.en).filter(([key, text]) => /[\u4e00-\u9fff]/.test(text) && !key.startsWith('lang.'));
    expect(chinese).toEqual([]);
  });
});

describe('fill', () => {
  it.each([
    ['{name}（{role}）', { name: '王芳', role: '工作人员' }, '王芳（工作人员）'],
    ['共 {total} 户', { total: 0 }, '共 0 户'],
    ['{a}{a}', { a: 1 }, '11'],
    ['no placeholders', {}, 'no placeholders'],
    ['{missing} stays visible', {}, '{missing} stays visible'],
  ])('%s with %j → %s', (template, params, expected) => {
    expect(fill(template, params)).toBe(expected);
  });
});
