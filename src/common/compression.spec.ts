import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { COMPRESS_MIN_BYTES, JsonBody, negotiatedEncoding } from './compression.js';

describe('negotiatedEncoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['deflate', null],
    ['gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    ['gzip, deflate, br, zstd', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['gzip;q=0', null],
    ['*', 'gzip'],
  ])('%p → %p', (header, expected) => {
    expect(negotiatedEncoding(header)).toBe(expected);
  });
});

describe('JsonBody', () => {
  const large = JSON.stringify({ rows: Array.from({ length: 200 }, (_, i) => ({ village: `村${i}`, completed: i })) });

  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ] as const)('sends a large body as %s to a client that prefers it, and the bytes unpack to the JSON', async (encoding, unpack) => {
    const sent = await new JsonBody(large).encodedFor(encoding);
    expect(sent.encoding).toBe(encoding);
    expect(unpack(sent.bytes as Buffer).toString('utf8')).toBe(large);
    expect((sent.bytes as Buffer).length).toBeLessThan(Buffer.byteLength(large) / 3);
  });

  it('compresses once per encoding and reuses the bytes', async () => {
    const body = new JsonBody(large);
    const [first, second] = await Promise.all([body.encodedFor('br'), body.encodedFor('gzip, br')]);
    expect(second.bytes).toBe(first.bytes);
    expect((await body.encodedFor('gzip')).bytes).not.toBe(first.bytes);
  });

  it.each([
    ['a client that takes neither', large, 'deflate'],
    ['a client that sends no Accept-Encoding', large, undefined],
    ['a body under the threshold', JSON.stringify({ a: 'x'.repeat(COMPRESS_MIN_BYTES - 20) }), 'gzip, br'],
  ])('sends the JSON as it is to %s', async (_what, json, header) => {
    await expect(new JsonBody(json).encodedFor(header)).resolves.toEqual({ bytes: json, encoding: null });
  });
});
