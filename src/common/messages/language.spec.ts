import { describe, expect, it } from '@jest/globals';
import { languageOf } from './language.js';

describe('languageOf (Accept-Language)', () => {
  it.each<[string | string[] | undefined, 'zh' | 'en']>([
    [undefined, 'zh'],
    ['', 'zh'],
    ['zh-CN', 'zh'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['zh-Hans', 'zh'],
    ['zh-TW', 'zh'],
    ['en', 'en'],
    ['EN-us', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['zh;q=0.5, en;q=0.8', 'en'],
    ['en;q=0.8, zh;q=0.8', 'en'], // a tie: the first listed
    ['fr-FR,fr;q=0.9', 'zh'], // names no language we speak
    ['fr-FR,fr;q=0.9,en;q=0.5', 'en'],
    ['ja, *;q=0.1', 'zh'],
    ['*', 'zh'],
    ['en;q=0', 'zh'], // q=0: "not English"
    ['en;q=abc', 'zh'],
    ['english', 'zh'],
    [';;;,,,', 'zh'],
    [['fr', 'en'], 'en'],
    // `*` stands for every language the header does not name, Chinese among them
    ['*;q=1,en;q=0.9', 'zh'],
    ['en;q=0.9,*', 'zh'],
    ['en,*', 'en'], // a tie: the first listed
    ['*;q=0.5,en;q=0.8', 'en'],
    ['zh;q=0,*', 'en'], // Chinese refused by name; the rest, English among them, welcome
    ['*;q=0', 'zh'],
    // an underscore, as some programs write a locale
    ['en_US', 'en'],
    ['en_GB,zh;q=0.5', 'en'],
    ['zh_CN,en;q=0.9', 'zh'],
    // a q-value is 0 to 1 with at most three decimals: anything else leaves its entry out
    ['en;q=0x1', 'zh'],
    ['en;q=1e0', 'zh'],
    ['en;q=.5', 'zh'],
    ['en;q=1.5', 'zh'],
    ['en;q=0.5000', 'zh'],
    ['en;q=1.000', 'en'],
    ['en;q=0.001', 'en'],
    ['en;q=0.', 'zh'], // 0, written with its point
    ['en;Q=0.5', 'en'],
    ['zh;q=0x1,en;q=0.1', 'en'],
    // only the first 20 entries are read, however short
    [[...Array.from({ length: 19 }, () => 'fr'), 'en'].join(','), 'en'],
    [[...Array.from({ length: 20 }, () => 'fr'), 'en'].join(','), 'zh'],
    [`${'x'.repeat(2000)},en`, 'en'], // long entries are not cut by length
  ])('%s → %s', (header, expected) => {
    expect(languageOf(header)).toBe(expected);
  });
});
