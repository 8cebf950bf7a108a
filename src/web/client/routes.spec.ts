import { describe, expect, it } from '@jest/globals';
import { EMPTY_FILTERS, formatRoute, parseRoute, type Route } from './routes.js';

describe('parseRoute', () => {
  it.each<[string, Route | null]>([
    ['', null],
    ['#', null],
    ['#/', null],
    ['#/login', { name: 'login' }],
    ['#/chart', { name: 'chart', unit: null, date: null }],
    ['#/chart?unit=3&date=2021-12-23', { name: 'chart', unit: 3, date: '2021-12-23' }],
    ['#/chart?unit=abc&date=23.12.2021', { name: 'chart', unit: null, date: null }],
    ['#/chart?unit=0', { name: 'chart', unit: null, date: null }],
    ['#/ledger', { name: 'ledger', filters: EMPTY_FILTERS }],
    [
      '#/ledger?village=4&grade=B&status=in_progress&q=%E9%83%91&page=3',
      { name: 'ledger', filters: { village: 4, grade: 'B', status: 'in_progress', q: '郑', page: 3 } },
    ],
    ['#/ledger?page=-1', { name: 'ledger', filters: EMPTY_FILTERS }],
    ['#/households/12', { name: 'household', id: 12 }],
    ['#/households/new', { name: 'newHousehold' }],
    ['#/households/1x', { name: 'notFound', path: '/households/1x' }],
    ['#/imports', { name: 'imports' }],
    ['#/imports/5', { name: 'import', id: 5 }],
    ['#/imports/0', { name: 'notFound', path: '/imports/0' }],
    ['#/elsewhere', { name: 'notFound', path: '/elsewhere' }],
  ])('%s → %j', (hash, expected) => {
    expect(parseRoute(hash)).toEqual(expected);
  });
});

describe('formatRoute', () => {
  it.each<Route>([
    { name: 'login' },
    { name: 'chart', unit: null, date: null },
    { name: 'chart', unit: 7, date: '2021-12-20' },
    { name: 'ledger', filters: EMPTY_FILTERS },
    { name: 'ledger', filters: { village: 2, grade: 'C', status: 'pending', q: '占位 B', page: 2 } },
    { name: 'household', id: 619 },
    { name: 'newHousehold' },
    { name: 'imports' },
    { name: 'import', id: 12 },
  ])('%j reads back as itself', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('leaves defaults out of the address', () => {
    expect(formatRoute({ name: 'ledger', filters: EMPTY_FILTERS })).toBe('#/ledger');
    expect(formatRoute({ name: 'chart', unit: null, date: null })).toBe('#/chart');
  });
});
