import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { CJK_FONT_FAMILY, cjkFont, cjkFontPath } from './fonts.js';

describe('the CJK font', () => {
  it.each([
    ['regular', '400Regular/NotoSansSC_400Regular.ttf'],
    ['bold', '700Bold/NotoSansSC_700Bold.ttf'],
  ] as const)('resolves the %s file from the npm package', (weight, file) => {
    const path = cjkFontPath(weight);
    expect(path.endsWith(`/node_modules/@expo-google-fonts/noto-sans-sc/${file}`)).toBe(true);
    expect(existsSync(path)).toBe(true);
  });

  it.each(['regular', 'bold'] as const)('reads the %s file once, as TrueType', (weight) => {
    const font = cjkFont(weight);
    expect(font.readUInt32BE(0)).toBe(0x00010000);
    expect(font.length).toBeGreaterThan(5_000_000);
    expect(cjkFont(weight)).toBe(font);
  });

  it('names the family the files carry', () => {
    // The 'name' table holds the family as UTF-16BE.
    const family = Buffer.from(CJK_FONT_FAMILY, 'utf16le').swap16();
    expect(cjkFont('regular').includes(family)).toBe(true);
  });
});
