import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { http } from './support/http.js';
import { committed, day, ledgerXlsx, validated } from './support/ledger-files.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('ledger import: smoke', () => {
  let t: TestApp;
  let yangfang: number;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.freeze('2021-12-25T04:00:00Z');
    await seedQingxu(t.dataSource);
    const res = await http(t).post('/api/regions').send({ level: 'village', parentId: 2, name: '杨房村' }).expect(201);
    yangfang = res.body.id;
  });
  afterAll(() => t.dispose());

  it('validates and commits a small file', async () => {
    const file = await ledgerXlsx({
      titles: ['清徐县孟封镇因灾受损房屋台账'],
      headers: ['序号', '行政村', '户主姓名', '身份证号码', '鉴定结果', '鉴定日期', '开工时间', '竣工日期'],
      rows: [
        [1, '杨房村', '张三', '140121199001011238', 'B级', day('2021-10-20'), '2021/11/02', '2021年11月20日'],
        [2, '杨房村', '李四', null, 'C', '20211021', null, null],
        'blank',
        [3, '杨房村', '王五', null, 'E', null, null, null],
      ],
    });
    const v = await validated(t, t.adminToken, file, '杨房村台账.xlsx');
    expect(v.status).toBe('validated');
    expect(v.summary).toMatchObject({ rows: 3, create: 2, invalid: 1 });
    expect(v.errors).toEqual([expect.objectContaining({ row: 6, column: '鉴定结果', value: 'E', code: 'grade_unknown' })]);
    const c = await committed(t, t.adminToken, v.id, { skipInvalid: true });
    expect([c.status, c.failure]).toEqual(['committed', null]);
    const list = await http(t).get(`/api/households?villageId=${yangfang}`).expect(200);
    expect(list.body.total).toBe(2);
    const again = await validated(t, t.adminToken, file, '杨房村台账.xlsx');
    expect(again.summary).toMatchObject({ rows: 3, create: 0, unchanged: 2, invalid: 1 });
  });
});
