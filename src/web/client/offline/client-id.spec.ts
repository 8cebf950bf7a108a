import { describe, expect, it } from '@jest/globals';
import { newClientId } from './client-id.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newClientId', () => {
  it('uses randomUUID where the browser has it', () => {
    const source = { randomUUID: () => 'from-the-browser', getRandomValues: (a: Uint8Array<ArrayBuffer>) => a };
    expect(newClientId(source)).toBe('from-the-browser');
  });

  it('without it, builds a version 4 UUID from random bytes', () => {
    // All bits set: the version and variant bits must still read 4 and 10xx.
    const ones = { getRandomValues: (a: Uint8Array<ArrayBuffer>) => a.fill(0xff) };
    const zeros = { getRandomValues: (a: Uint8Array<ArrayBuffer>) => a.fill(0) };
    expect(newClientId(ones)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(newClientId(zeros)).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('gives a different valid id each time from real randomness', () => {
    const source = { getRandomValues: (a: Uint8Array<ArrayBuffer>) => crypto.getRandomValues(a) };
    const ids = new Set(Array.from({ length: 50 }, () => newClientId(source)));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });
});
