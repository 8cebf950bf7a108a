import { describe, expect, it } from '@jest/globals';
import { placeholderName, QINGXU_FIGURES } from './qingxu.data.js';
import { statusesFor } from './qingxu.seed.js';

describe('Qingxu seed figures', () => {
  it('add up to the totals the source implies', () => {
    const sum = (grade: string, key: 'appraised' | 'completed') =>
      QINGXU_FIGURES.filter((f) => f.grade === grade).reduce((s, f) => s + f[key], 0);
    expect([sum('B', 'appraised'), sum('B', 'completed'), sum('C', 'appraised'), sum('C', 'completed')]).toEqual([397, 358, 222, 161]);
    expect(QINGXU_FIGURES.filter((f) => f.grade === 'B').reduce((s, f) => s + (f.accepted ?? 0), 0)).toBe(325);
  });

  it.each(QINGXU_FIGURES)('$village $grade: statuses reproduce $appraised/$completed/$accepted', (figures) => {
    const statuses = statusesFor(figures);
    expect(statuses).toHaveLength(figures.appraised);
    expect(statuses.filter((s) => s === 'completed' || s === 'accepted')).toHaveLength(figures.completed);
    expect(statuses.filter((s) => s === 'accepted')).toHaveLength(figures.accepted ?? 0);
  });

  it('names placeholders so nobody takes them for people', () => {
    expect(placeholderName('孟封村', 'B', 7)).toBe('占位-孟封村-B-007');
  });
});
