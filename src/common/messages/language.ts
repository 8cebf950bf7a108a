/**
 * The languages people read the API's messages in: 简体中文 by default, English on request.
 * Pure (no Nest), so the web pages can use it too.
 */
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'zh';

/** How a response names the language it is written in (Content-Language). */
export const CONTENT_LANGUAGE: Record<Language, string> = { zh: 'zh-CN', en: 'en' };

/** The most entries of an Accept-Language header read; browsers send a handful. */
const MAX_ENTRIES = 20;
/** RFC 9110 §12.4.2: a q-value is 0 to 1 with at most three decimals (not `0x1`, `1e0`, `.5`). */
const QVALUE = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/;

/**
 * The language an `Accept-Language` header (RFC 9110 §12.5.4) asks for: of the languages we
 * speak, the one with the highest q-value (the first listed on a tie). `zh`, `zh-CN`, `zh-Hans`
 * … are Chinese, `en`, `en-US`, `en_US` … English; `*` stands for every language the header
 * does not name, so `*;q=1,en;q=0.9` prefers Chinese and `zh;q=0,*` English. A header that
 * names none of them (`fr`, `ja`, an unreadable one) gives Chinese, and so does no header at
 * all. An entry with a q-value that is not one (`q=0x1`, `q=1e0`) is left out, and only the
 * first MAX_ENTRIES entries are read.
 */
export function languageOf(header: string | readonly string[] | undefined): Language {
  const text = Array.isArray(header) ? header.join(',') : (header as string | undefined);
  if (!text) return DEFAULT_LANGUAGE;
  /** Each language's q-value and the position of the entry that gave it; `*` apart, for the languages not named. */
  const named = new Map<Language, { q: number; at: number }>();
  let wildcard: { q: number; at: number } | null = null;
  for (const [at, part] of text.split(',', MAX_ENTRIES).entries()) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const qText = qParam === undefined ? '1' : qParam.slice(2).trim();
    if (!QVALUE.test(qText)) continue;
    const q = Number(qText);
    const tag = range.trim();
    const language = spokenLanguage(tag);
    if (tag === '*') {
      if (!wildcard || q > wildcard.q) wildcard = { q, at };
    } else if (language) {
      const seen = named.get(language);
      if (!seen || q > seen.q) named.set(language, { q, at });
    }
  }
  let best: { language: Language; q: number; at: number } | null = null;
  for (const language of LANGUAGES) {
    const found = named.get(language) ?? wildcard;
    if (!found || found.q <= 0) continue;
    if (!best || found.q > best.q || (found.q === best.q && found.at < best.at)) best = { language, ...found };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}

function spokenLanguage(range: string): Language | null {
  const primary = range.split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : null;
}
