import { expect } from '@jest/globals';
import request from 'supertest';
import type { Role } from '../../src/users/roles.js';
import { http } from './http.js';
import type { TestApp } from './test-app.js';

export interface TestUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  token: string;
}

export async function signIn(t: TestApp, username: string, password: string): Promise<string> {
  const res = await request(t.app.getHttpServer()).post('/api/auth/login').send({ username, password });
  expect(res.status).toBe(200);
  return res.body.accessToken;
}

/** Creates an account through the admin API and signs it in. */
export async function createUser(
  t: TestApp,
  fields: { username: string; displayName?: string; role: Role; scope: { level: string; id: number }[] },
): Promise<TestUser> {
  const password = '清徐县修缮进度-口令-2021';
  const res = await http(t)
    .post('/api/users')
    .send({ displayName: fields.username, ...fields, password });
  expect([res.status, res.body.message]).toEqual([201, undefined]);
  return {
    id: res.body.id,
    username: fields.username,
    displayName: res.body.displayName,
    role: fields.role,
    token: await signIn(t, fields.username, password),
  };
}
