import { describe, expect, it } from '@jest/globals';
import type { WriteStep } from '../household-writes/write-steps.js';
import { GENERATION_SHARDS, GenerationShards, generationShardOf, REGIONS_SHARD, REMARKS_SHARD } from './report-generations.js';

const key = { villageId: 3, grade: 'B' as const };
const at = new Date('2021-12-23T08:00:00Z');
const change = (householdId: number | 'new'): WriteStep => ({
  kind: 'insert_status_change',
  householdId,
  fromStatus: null,
  toStatus: 'pending',
  occurredOn: '2021-12-23',
  recordedAt: at,
  actor: '县住建局',
  actorUserId: null,
  note: null,
});

describe('generationShardOf', () => {
  it.each<[string, WriteStep, number | null]>([
    ['a new household (no id yet)', { kind: 'insert_household', values: {} as never }, 0],
    ['a household updated', { kind: 'update_household', id: 130, version: 2, set: {} }, 2],
    ['a household deleted', { kind: 'delete_household', id: 63 }, 63],
    ['a move of a household', change(64), 0],
    ['the baseline of a new household', change('new'), 0],
    [
      'an edit',
      {
        kind: 'insert_edit',
        householdId: 65,
        field: 'rooms',
        oldValue: null,
        newValue: '3',
        actor: '县住建局',
        actorUserId: 1,
        editedAt: at,
      },
      1,
    ],
    ['history recounted after a regrouping', { kind: 'recount_history', table: 'deltas', householdId: 127, key, sign: -1 }, 63],
    // Counter steps come with a step about their household, which raises the shard.
    ['a counter', { kind: 'count', key, status: 'completed', delta: 1 }, null],
    ['a day delta', { kind: 'count_delta', key, status: 'completed', day: '2021-12-23', delta: 1 }, null],
    ['an entry', { kind: 'count_entry', key, status: 'completed', day: '2021-12-23', entries: 1 }, null],
    // No report counts these.
    ['a client-made move id', { kind: 'record_request', request: {} as never, recordedAt: at }, null],
    ['a photo added', { kind: 'insert_photo', values: {} as never }, null],
    ['a photo deleted', { kind: 'delete_photo', id: 9 }, null],
  ])('%s raises the right shard', (_what, step, shard) => {
    expect(generationShardOf(step)).toBe(shard);
  });

  it('keeps households, remarks and regions in shards of their own, all made by the migration', () => {
    expect(new Set([REMARKS_SHARD, REGIONS_SHARD]).size).toBe(2);
    for (const id of [0, 1, 63, 64, 1_000_003]) {
      const shard = generationShardOf({ kind: 'delete_household', id })!;
      expect([REMARKS_SHARD, REGIONS_SHARD]).not.toContain(shard);
      expect(shard).toBeLessThan(GENERATION_SHARDS);
    }
    expect(Math.max(REMARKS_SHARD, REGIONS_SHARD)).toBe(GENERATION_SHARDS - 1);
  });
});

describe('GenerationShards', () => {
  it('takes each shard once, in shard order, and then forgets them', () => {
    const shards = new GenerationShards();
    shards.addSteps([{ kind: 'delete_household', id: 70 }, change(6), { kind: 'count', key, status: 'pending', delta: -1 }]);
    shards.addSteps([
      { kind: 'delete_household', id: 131 },
      { kind: 'update_household', id: 127, version: 1, set: {} },
    ]);
    expect(shards.take()).toEqual([3, 6, 63]);
    expect(shards.take()).toEqual([]);
  });
});
