import { expect } from '@jest/globals';
import { http } from './http.js';
import type { TestApp } from './test-app.js';

/** Creates a county, a township and `villages` villages through the API; returns the village ids. */
export async function createRegionTree(
  t: TestApp,
  villages: string[],
): Promise<{ countyId: number; townshipId: number; villageIds: number[] }> {
  const county = await http(t).post('/api/regions').send({ level: 'county', name: '清徐县', code: '140121' }).expect(201);
  const township = await http(t)
    .post('/api/regions')
    .send({ level: 'township', name: '孟封镇', code: '140121103', parentId: county.body.id })
    .expect(201);
  const villageIds: number[] = [];
  for (const name of villages) {
    const village = await http(t).post('/api/villages').send({ name, townshipId: township.body.id }).expect(201);
    villageIds.push(village.body.id);
  }
  return { countyId: county.body.id, townshipId: township.body.id, villageIds };
}

export interface HouseholdBody {
  id: number;
  version: number;
  status: string;
  [key: string]: unknown;
}

/** Creates a household through the API (as the admin unless `token` says otherwise) and returns its body. */
export async function createHousehold(t: TestApp, fields: Record<string, unknown>, token = t.adminToken): Promise<HouseholdBody> {
  const res = await http(t, token).post('/api/households').send(fields);
  expect(res.status).toBe(201);
  return res.body;
}
