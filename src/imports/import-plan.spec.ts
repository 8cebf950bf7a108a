import { describe, expect, it } from '@jest/globals';
import type { AuthUser } from '../auth/auth-user.js';
import type { Household } from '../households/entities/household.entity.js';
import { AccessScope } from '../regions/access-scope.js';
import type { Region } from '../regions/entities/region.entity.js';
import { RegionTree } from '../regions/region-tree.js';
import { ImportPlanner, type RowPlan, type StoredHousehold, type StoredSource } from './import-plan.js';
import type { ReadRow, RowValues } from './row-values.js';
import { VillageLookup } from './village-lookup.js';

const region = (id: number, level: Region['level'], parentId: number | null, name: string, code: string | null = null) => ({
  id,
  level,
  parentId,
  name,
  code,
  createdAt: new Date(0),
});

// 孟封镇 (2) → 孟封村 (4), 杨房村 (5); 清源镇 (3) → 东庄村 (6); 孟封镇 also has a 东庄村 (7).
const TREE = new RegionTree(
  [
    region(1, 'county', null, '清徐县', '140121'),
    region(2, 'township', 1, '孟封镇', '140121103'),
    region(3, 'township', 1, '清源镇', '140121100'),
    region(4, 'village', 2, '孟封村', '140121103201'),
    region(5, 'village', 2, '杨房村'),
    region(6, 'village', 3, '东庄村'),
    region(7, 'village', 2, '东庄村'),
  ],
  [{ id: 1, regionId: 5, name: '杨房' }],
);

const ID_A = '140121196503120017';
const ADMIN: AuthUser = { id: 1, username: 'admin', displayName: '管理员', role: 'admin', scopeRegionIds: [] };
const STAFF: AuthUser = { id: 2, username: 'wang', displayName: '王芳', role: 'staff', scopeRegionIds: [5] };

function stored(fields: Partial<StoredHousehold> & Pick<Household, 'id' | 'villageId' | 'householder'>): StoredHousehold {
  return {
    address: null,
    rooms: null,
    grade: 'B',
    appraisalAgency: null,
    appraisalDate: null,
    appraisalReportNo: null,
    appraisalFindings: null,
    status: 'pending',
    designDrawings: null,
    constructionSupervision: null,
    technicalService: null,
    remarks: null,
    idCardNumber: null,
    phone: null,
    isPlaceholder: false,
    firstRecordedOn: '2021-10-20',
    lastChangeOn: '2021-10-20',
    version: 1,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    reachedOn: { pending: '2021-10-20' },
    ...fields,
  };
}

/** A planner over households held in memory: 杨房村 has two, 孟封村 holds 3 placeholders. */
function planner(user: AuthUser = ADMIN, replacePlaceholders = false) {
  const households = [
    stored({ id: 10, villageId: 5, householder: '张建国', idCardNumber: ID_A, address: '东街 12 号' }),
    stored({
      id: 11,
      villageId: 5,
      householder: '李秀英',
      address: '西街 3 号',
      status: 'in_progress',
      lastChangeOn: '2021-11-05',
      reachedOn: { pending: '2021-10-20', in_progress: '2021-11-05' },
    }),
    stored({ id: 12, villageId: 5, householder: '王福', address: '南巷 7 号' }),
    stored({ id: 13, villageId: 5, householder: '王福', address: '南巷 7 号' }),
  ];
  const scope = user.role === 'admin' ? AccessScope.everything() : AccessScope.of(TREE, user.scopeRegionIds);
  const source: StoredSource = {
    village: (id) => Promise.resolve({ households: households.filter((h) => h.villageId === id), placeholders: id === 4 ? 3 : 0 }),
    villagesOfIdCards: (cards) =>
      Promise.resolve([...new Set(households.filter((h) => cards.includes(h.idCardNumber ?? '')).map((h) => h.villageId))]),
  };
  return new ImportPlanner({
    lookup: new VillageLookup(TREE, (id) => scope.covers(id)),
    source,
    user,
    scope,
    recording: {
      actor: { userId: user.id, name: user.displayName },
      role: user.role,
      today: '2021-12-25',
      now: new Date('2021-12-25T04:00:00Z'),
    },
    importDay: '2021-12-25',
    fileName: '台账.xlsx',
    replacePlaceholders,
    assertVillage: () => undefined,
    villageName: (id) => TREE.get(id)!.name,
  });
}

const row = (n: number, values: RowValues): ReadRow => ({ row: n, values: { village: '杨房村', grade: 'B', ...values }, problems: [] });

async function plan(rows: ReadRow[], p = planner()): Promise<RowPlan[]> {
  await p.prefetch(rows);
  return rows.map((r) => p.plan(r));
}

const outcome = (plan: RowPlan) =>
  plan.kind === 'invalid'
    ? `invalid ${plan.errors.map((e) => `${e.key}:${e.code}`).join(',')}`
    : plan.kind === 'update'
      ? `update ${plan.householdId} ${plan.changed.join(',')}`
      : plan.kind === 'unchanged'
        ? `unchanged ${plan.householdId}`
        : 'create';

describe('ImportPlanner', () => {
  it.each<[string, RowValues, string]>([
    ['a new householder', { householder: '赵德胜', address: '北街 1 号' }, 'create'],
    ['the same fields by ID card', { householder: '张建国', idCardNumber: ID_A, address: '东街 12 号' }, 'unchanged 10'],
    ['an ID card under another name', { householder: '张健国', idCardNumber: ID_A }, 'update 10 householder'],
    [
      'an ID card for a household recorded without one',
      { householder: '李秀英', address: '西街 3 号', idCardNumber: '140121197007050025' },
      'update 11 idCardNumber',
    ],
    ['a blank cell leaves the field as it is', { householder: '张建国', idCardNumber: ID_A }, 'unchanged 10'],
    ['a new phone', { householder: '李秀英', address: '西街 3 号', phone: '13812345678' }, 'update 11 phone'],
    [
      'a later milestone',
      { householder: '李秀英', address: '西街 3 号', startedOn: '2021-11-05', completedOn: '2021-12-01' },
      'update 11 ',
    ],
    [
      'a recorded milestone on another day',
      { householder: '李秀英', address: '西街 3 号', startedOn: '2021-11-06' },
      'invalid startedOn:milestone_differs',
    ],
    [
      'a milestone before the last change',
      { householder: '张建国', idCardNumber: ID_A, address: '东街 12 号', startedOn: '2021-10-01' },
      'invalid startedOn:before_recorded_change',
    ],
    ['a key two households share', { householder: '王福', address: '南巷 7 号' }, 'invalid householder:ambiguous_match'],
    ['an alias and the township', { village: '杨房', township: '孟封镇', householder: '新户' }, 'create'],
    ['a division code', { village: '140121103201', householder: '新户' }, 'invalid village:village_has_placeholders'],
    ['a name in two townships', { village: '东庄村', householder: '新户' }, 'invalid village:village_ambiguous'],
    ['a name in two townships, told apart', { village: '东庄村', township: '清源镇', householder: '新户' }, 'create'],
    [
      'a township without that village',
      { village: '孟封村', township: '清源镇', householder: '新户' },
      'invalid township:village_not_in_township',
    ],
  ])('%s', async (_case, values, expected) => {
    expect(outcome((await plan([row(2, values)]))[0])).toBe(expected);
  });

  it('takes a village with placeholders only when told to replace them, and counts them once', async () => {
    const p = planner(ADMIN, true);
    const plans = await plan([row(2, { village: '孟封村', householder: '甲' }), row(3, { village: '孟封村', householder: '乙' })], p);
    expect(plans.map(outcome)).toEqual(['create', 'create']);
    expect([...p.replacing]).toEqual([[4, 3]]);
  });

  it('refuses a row that repeats an earlier one, by ID card or by name and address, and one that claims a household twice', async () => {
    const plans = await plan([
      row(2, { householder: '赵一', address: '1 号' }),
      row(3, { householder: '赵一', address: '1 号' }),
      row(4, { householder: '张建国', idCardNumber: ID_A }),
      row(5, { householder: '张建国', idCardNumber: ID_A, remarks: '又一行' }),
      row(6, { householder: '张建国', address: '东街 12 号', idCardNumber: '140121197007050025' }),
    ]);
    expect(plans.map(outcome)).toEqual([
      'create',
      'invalid householder:duplicate_row',
      'unchanged 10',
      'invalid idCardNumber:duplicate_row',
      'create',
    ]);
  });

  it('keeps staff to their scope and out of acceptances', async () => {
    const plans = await plan(
      [
        row(2, { village: '孟封村', householder: '甲' }),
        row(3, { householder: '乙', completedOn: '2021-12-01', acceptedOn: '2021-12-10' }),
      ],
      planner(STAFF),
    );
    expect(plans.map(outcome)).toEqual(['invalid village:village_not_found', 'invalid acceptedOn:role_may_not_enter_accepted']);
  });

  it('gives the same digest for the same decisions, and another when a household moved on', async () => {
    const rows = [row(2, { householder: '李秀英', address: '西街 3 号', phone: '13812345678' })];
    const digest = async (p: ImportPlanner) => (await plan(rows, p), p.digestHex());
    const [a, b] = [await digest(planner()), await digest(planner())];
    expect(a).toBe(b);
    const other = planner();
    await other.prefetch(rows);
    other.storedHousehold(11)!.version = 2;
    other.plan(rows[0]);
    expect(other.digestHex()).not.toBe(a);
  });
});
