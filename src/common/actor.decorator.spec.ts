import { describe, expect, it } from '@jest/globals';
import { readActor } from './actor.decorator.js';

describe('readActor', () => {
  it.each([
    [undefined, 'unknown'],
    ['', 'unknown'],
    ['   ', 'unknown'],
    ['wang', 'wang'],
    ['%E5%BC%A0%E4%B8%89', '张三'],
    [['li', 'zhao'], 'li'],
  ])('reads %p as %p', (header, expected) => {
    expect(readActor(header)).toBe(expected);
  });

  it.each([['x'.repeat(101)], ['%E5%BC']])('refuses %p with a 400', (header) => {
    expect(() => readActor(header)).toThrow(/X-Actor/);
  });
});
