import { describe, expect, it } from '@jest/globals';
import { isKeptAnswer, requestPolicy, type RequestPolicy } from './sw-rules.js';

const ORIGIN = 'https://tracker.example.cn';

describe('requestPolicy: what the service worker does with a request', () => {
  it.each<[string, string, string, RequestPolicy]>([
    ['GET', '/', 'navigate', 'page'],
    ['GET', '/index.html', 'navigate', 'page'],
    ['GET', '/assets/main-4KX2D7QZ.js', 'cors', 'asset'],
    ['GET', '/assets/main-4KX2D7QZ.css', 'no-cors', 'asset'],
    ['GET', '/api/households?page=2&pageSize=50', 'cors', 'api'],
    ['GET', '/api/households/12', 'cors', 'api'],
    ['GET', '/api/households/12/history', 'cors', 'api'],
    ['GET', '/api/regions', 'cors', 'api'],
    // Never kept: sign-in and session answers, writes, other sites, the API docs page.
    ['GET', '/api/auth/me', 'cors', 'pass'],
    ['POST', '/api/auth/login', 'cors', 'pass'],
    ['POST', '/api/households/12/transitions', 'cors', 'pass'],
    ['POST', '/api/transitions/batch', 'cors', 'pass'],
    ['PATCH', '/api/households/12', 'cors', 'pass'],
    ['DELETE', '/api/photos/3', 'cors', 'pass'],
    ['GET', '/api/docs', 'navigate', 'pass'],
    ['GET', 'https://elsewhere.example.com/api/households', 'cors', 'pass'],
    ['GET', '/sw.js', 'same-origin', 'pass'],
    ['GET', '/apiary', 'cors', 'pass'],
  ])('%s %s (%s) → %s', (method, path, mode, expected) => {
    expect(requestPolicy({ method, url: new URL(path, ORIGIN).href, mode }, ORIGIN)).toBe(expected);
  });
});

describe('isKeptAnswer', () => {
  it.each<[number, string | null, boolean]>([
    [200, 'application/json; charset=utf-8', true],
    [200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', false],
    [200, 'text/csv; charset=utf-8', false],
    [200, null, false],
    [304, 'application/json', false],
    [404, 'application/json; charset=utf-8', false],
    [500, 'application/json; charset=utf-8', false],
  ])('%d %s → %s', (status, type, expected) => {
    expect(isKeptAnswer(status, type)).toBe(expected);
  });
});
