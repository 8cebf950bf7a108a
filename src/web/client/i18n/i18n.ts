import { en } from './en.js';
import { zh } from './zh.js';

/** The pages' two languages: 简体中文 by default, English on request (remembered in this browser). */
export type Language = 'zh' | 'en';
export type MessageKey = keyof typeof zh;
export type Params = Record<string, string | number>;

export const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { zh, en };

const KEY = 'tracker.language';
let current: Language = 'zh';

/** Fills `{name}` placeholders; an unknown name is left as written so the gap is visible. */
export function fill(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(language: Language, key: MessageKey, params?: Params): string {
  return fill(DICTIONARIES[language][key], params);
}

export function isMessageKey(key: string): key is MessageKey {
  // Not Object.hasOwn: Chromium 90, which the bundle targets, lacks it.
  return Object.prototype.hasOwnProperty.call(DICTIONARIES.zh, key);
}

export function t(key: MessageKey, params?: Params): string {
  return translate(current, key, params);
}

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  document.title = t('app.title');
}

export function restoreLanguage(): void {
  let stored: string | null;
  try {
    stored = localStorage.getItem(KEY);
  } catch {
    stored = null;
  }
  setLanguage(stored === 'en' ? 'en' : 'zh');
}
