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

  it('tags the same JSON alike in any instance, and different JSON differently', () => {
    const tag = new JsonBody(large).etag;
    expect(tag).toMatch(/^W\/"[\w-]{27}"$/);
    expect(new JsonBody(large).etag).toBe(tag);
    expect(new JsonBody(large.replace('"completed":7', '"completed":8')).etag).not.toBe(tag);
  });

  it.each<[string, string | undefined, boolean]>([
    ['no If-None-Match', undefined, false],
    ['its own tag', 'SELF', true],
    ['its tag sent strong', 'SELF_STRONG', true],
    ['its tag among others', 'W/"other", SELF', true],
    ['any tag (*)', '*', true],
    ['another tag only', 'W/"AAAAAAAAAAAAAAAAAAAAAAAAAAA"', false],
  ])('matches %s: %s', (_what, header, expected) => {
    const body = new JsonBody(large);
    const sent = header?.replace('SELF_STRONG', body.etag.slice(2)).replace('SELF', body.etag);
    expect(body.matches(sent)).toBe(expected);
  });
});
