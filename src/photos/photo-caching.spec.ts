import { describe, expect, it } from '@jest/globals';
import { ifNoneMatchHits, photoEtag } from './photo-caching.js';

const SHA = 'ab'.repeat(32);
const DISPLAY = photoEtag(SHA, 'display');

describe('photoEtag', () => {
  it('is strong, quoted, and differs between the two copies of one upload', () => {
    expect(DISPLAY).toBe(`"${SHA}-display"`);
    expect(photoEtag(SHA, 'thumbnail')).not.toBe(DISPLAY);
  });
});

describe('ifNoneMatchHits', () => {
  it.each<[string, string | string[] | undefined, boolean]>([
    ['no header', undefined, false],
    ['the tag', DISPLAY, true],
    ['the tag made weak by a proxy', `W/${DISPLAY}`, true],
    ['the tag in a list', `"other", ${DISPLAY}`, true],
    ['the tag in repeated headers', ['"other"', DISPLAY], true],
    ['any tag', '*', true],
    ['the thumbnail’s tag', photoEtag(SHA, 'thumbnail'), false],
    ['the tag without its quotes', `${SHA}-display`, false],
    ['an empty header', '', false],
  ])('%s: %s', (_, header, hits) => {
    expect(ifNoneMatchHits(header, DISPLAY)).toBe(hits);
  });
});
