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
  ])('%j → %s', (header, expected) => {
    expect(languageOf(header)).toBe(expected);
  });
});
