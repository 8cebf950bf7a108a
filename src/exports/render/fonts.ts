import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The one CJK font every export draws Chinese with: Noto Sans SC (SIL Open Font Licence), from
 * the @expo-google-fonts/noto-sans-sc package. The machine has no system CJK fonts, so nothing
 * may fall back to them.
 */

export type CjkFontWeight = 'regular' | 'bold';

/** The family name inside both files, as SVG text and resvg name it. */
export const CJK_FONT_FAMILY = 'Noto Sans SC';

const FONT_FILES: Record<CjkFontWeight, string> = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

const require = createRequire(import.meta.url);

/** The font file's absolute path. */
export function cjkFontPath(weight: CjkFontWeight): string {
  return require.resolve(FONT_FILES[weight]);
}

/** Each file is about 10 MB: read once, on first use, and kept. */
const cache: Partial<Record<CjkFontWeight, Buffer>> = {};

/** The font file's bytes (the same Buffer on every call). */
export function cjkFont(weight: CjkFontWeight): Buffer {
  return (cache[weight] ??= readFileSync(cjkFontPath(weight)));
}
