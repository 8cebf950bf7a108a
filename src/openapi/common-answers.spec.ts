import { describe, expect, it } from '@jest/globals';
import { commonAnswers, type OperationFacts } from './common-answers.js';

const GET: OperationFacts = {
  method: 'get',
  path: '/api/villages',
  public: false,
  roles: null,
  hasParameters: false,
  body: null,
  bodyLimitBytes: 65536,
};

describe('commonAnswers', () => {
  it.each<[string, Partial<OperationFacts>, number[]]>([
    ['a signed-in read without parameters', {}, [401, 431, 500]],
    ['a public read', { public: true, path: '/api/health' }, [431, 500]],
    ['a read with query parameters', { hasParameters: true }, [400, 401, 431, 500]],
    ['a read by id', { path: '/api/villages/{id}', hasParameters: true }, [400, 401, 404, 431, 500]],
    ['a role-bound read', { roles: ['admin'] }, [401, 403, 431, 500]],
    ['a JSON write', { method: 'post', body: 'json' }, [400, 401, 409, 413, 415, 431, 500]],
    ['a multipart write (its route words its own 413 and 415)', { method: 'post', body: 'other' }, [400, 401, 409, 431, 500]],
    ['a delete by id', { method: 'delete', path: '/api/photos/{id}', hasParameters: true }, [400, 401, 404, 409, 431, 500]],
    ['the public sign-in', { method: 'post', public: true, body: 'json' }, [400, 409, 413, 415, 431, 500]],
  ])('%s answers %j', (_, facts, statuses) => {
    expect(Object.keys(commonAnswers({ ...GET, ...facts })).map(Number)).toEqual(statuses);
  });

  it('names the roles in Chinese and the body limit of the route', () => {
    const answers = commonAnswers({ ...GET, method: 'post', body: 'json', roles: ['admin', 'staff'], bodyLimitBytes: 1024 * 1024 });
    expect(answers[403]).toBe('只有系统管理员、工作人员可以这样操作（role_forbidden）');
    expect(answers[413]).toContain('1024 KB');
  });
});
