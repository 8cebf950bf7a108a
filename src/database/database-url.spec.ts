import { describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { parseDatabaseUrl } from './database-url.js';

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:data/tracker.sqlite', { kind: 'sqlite', path: resolve('data/tracker.sqlite') }],
    ['sqlite:/tmp/t.sqlite', { kind: 'sqlite', path: '/tmp/t.sqlite' }],
    ['sqlite:///tmp/t.sqlite', { kind: 'sqlite', path: '/tmp/t.sqlite' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
    ['postgres://u:p@127.0.0.1:5432/test', { kind: 'postgres', url: 'postgres://u:p@127.0.0.1:5432/test' }],
    ['postgresql://127.0.0.1/test', { kind: 'postgres', url: 'postgresql://127.0.0.1/test' }],
  ])('reads %s', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected);
  });

  it.each(['sqlite:', 'mysql://localhost/x', 'data/tracker.sqlite', 'postgres://'])('refuses %s', (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(/DATABASE_URL/);
  });
});
