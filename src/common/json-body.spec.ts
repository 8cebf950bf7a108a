import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { acceptsGzip, GZIP_MIN_BYTES, JsonBody } from './json-body.js';

describe('acceptsGzip', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['identity', false],
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['deflate, gzip;q=0.5', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['gzip;q=0', false],
    ['gzip; q=0.0', false],
    ['br, *', true],
    ['br, *;q=0', false],
    ['*;q=0.1, gzip;q=0', false],
    ['gzip;q=abc', false],
    ['deflate', false],
  ])('%p → %p', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('JsonBody', () => {
  const large = JSON.stringify({ rows: Array.from({ length: 200 }, (_, i) => ({ village: `村${i}`, completed: i })) });

  it('sends a large body gzipped to a client that takes gzip, and the bytes inflate to the JSON', () => {
    const { bytes, encoding } = new JsonBody(large).encodedFor('gzip, deflate');
    expect(encoding).toBe('gzip');
    expect(gunzipSync(bytes as Buffer).toString('utf8')).toBe(large);
    expect((bytes as Buffer).length).toBeLessThan(Buffer.byteLength(large));
  });

  it('compresses once and reuses the bytes', () => {
    const body = new JsonBody(large);
    expect(body.encodedFor('gzip').bytes).toBe(body.encodedFor('gzip').bytes);
  });

  it.each([
    ['a client that does not take gzip', large, undefined],
    ['a body under the threshold', JSON.stringify({ a: 'x'.repeat(GZIP_MIN_BYTES - 20) }), 'gzip'],
  ])('sends the JSON as it is to %s', (_what, json, header) => {
    expect(new JsonBody(json).encodedFor(header)).toEqual({ bytes: json, encoding: null });
  });
});
