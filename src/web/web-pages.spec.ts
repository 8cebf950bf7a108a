import { describe, expect, it } from '@jest/globals';
import { cacheControlFor } from './web-pages.js';

describe('cacheControlFor', () => {
  it.each([
    ['/srv/dist/web/assets/main-4KX2D7QZ.js', 'public, max-age=31536000, immutable'],
    ['/srv/dist/web/assets/main-4KX2D7QZ.js.br', 'public, max-age=31536000, immutable'],
    ['/srv/dist/web/assets/wall-chart-graphics-ABCD1234.js', 'public, max-age=31536000, immutable'],
    ['C:\\srv\\dist\\web\\assets\\main-4KX2D7QZ.css', 'public, max-age=31536000, immutable'],
    ['/srv/dist/web/index.html', 'no-cache'],
    ['/srv/dist/web/index.html.gz', 'no-cache'],
    // The service worker sits at the root, unhashed: the browser must see each build's at once.
    ['/srv/dist/web/sw.js', 'no-cache'],
    ['/srv/dist/web/sw.js.br', 'no-cache'],
  ])('%s → %s', (path, expected) => {
    expect(cacheControlFor(path)).toBe(expected);
  });
});
