/**
 * The languages people read the API's messages in: 简体中文 by default, English on request.
 * Pure (no Nest), so the web pages can use it too.
 */
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'zh';

/** How a response names the language it is written in (Content-Language). */
export const CONTENT_LANGUAGE: Record<Language, string> = { zh: 'zh-CN', en: 'en' };

/**
 * The language an `Accept-Language` header (RFC 9110 §12.5.4) asks for: of the languages we
 * speak, the one with the highest q-value (the first listed on a tie). `zh`, `zh-CN`, `zh-Hans`
 * … are Chinese, `en`, `en-US` … English; `*` or a header that names none of them (`fr`,
 * `ja`, an unreadable one) gives Chinese, and so does no header at all.
 */
export function languageOf(header: string | readonly string[] | undefined): Language {
  const text = Array.isArray(header) ? header.join(',') : (header as string | undefined);
  if (!text) return DEFAULT_LANGUAGE;
  let best: { language: Language; q: number } | null = null;
  for (const part of text.slice(0, 1000).split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const language = spokenLanguage(range.trim());
    if (!language) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (!best || q > best.q) best = { language, q };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}

function spokenLanguage(range: string): Language | null {
  const primary = range.split('-')[0];
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : null;
}
