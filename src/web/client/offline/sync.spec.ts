import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../api.js';
import type { BatchMoveItem, BatchResultResponse } from '../api-types.js';
import { MemoryQueueStore, MoveQueue, type NewMove } from './queue.js';
import { Syncer, syncQueue, toBatchItem, type SyncTransport } from './sync.js';

const USER = 3;

function move(clientId: string, over: Partial<NewMove> = {}): NewMove {
  return {
    clientId,
    userId: USER,
    householdId: Number(clientId.replace(/\D/g, '')) || 1,
    householder: '李四',
    from: 'pending',
    to: 'in_progress',
    occurredOn: '2021-12-23',
    note: null,
    inspection: null,
    version: 2,
    ...over,
  };
}

/** A server that answers each item with `outcome(item)`, or fails the request numbered in `failOn`. */
function fakeServer(outcome: (item: BatchMoveItem) => BatchResultResponse['outcome'] = () => 'applied', failOn: number[] = []) {
  const requests: BatchMoveItem[][] = [];
  const transport: SyncTransport = {
    batch: async (items) => {
      requests.push(items);
      if (failOn.includes(requests.length)) throw new ApiError(0, 'Failed to fetch');
      return items.map((item) => {
        const o = outcome(item);
        return {
          clientId: item.clientId,
          householdId: item.householdId,
          outcome: o,
          statusCode: o === 'applied' ? 200 : 409,
          code: null,
          message: o,
        };
      });
    },
  };
  return { transport, requests };
}

async function queueWith(moves: NewMove[]): Promise<MoveQueue> {
  const queue = new MoveQueue(new MemoryQueueStore(), () => 1000);
  await queue.add(moves);
  return queue;
}

describe('toBatchItem', () => {
  it('sends the note and the inspection only when there are some', () => {
    expect(toBatchItem(move('m1'))).toEqual({ clientId: 'm1', householdId: 1, to: 'in_progress', occurredOn: '2021-12-23', version: 2 });
    const inspection = { newGrade: 'A' as const, ownerAgrees: true };
    expect(toBatchItem(move('m1', { note: '补录', inspection }))).toMatchObject({ note: '补录', inspection });
  });
});

describe('syncQueue', () => {
  it('sends the queue oldest first, in requests of at most the limit, and empties it', async () => {
    const queue = await queueWith(['m1', 'm2', 'm3', 'm4', 'm5'].map((id) => move(id)));
    const { transport, requests } = fakeServer();
    const report = await syncQueue(queue, transport, USER, 2);
    expect(requests.map((r) => r.map((i) => i.clientId))).toEqual([['m1', 'm2'], ['m3', 'm4'], ['m5']]);
    expect(report).toEqual({ answered: 5, returned: 0, stoppedBy: null });
    expect(await queue.list(USER)).toEqual([]);
  });

  it('sends each move once: a second sync sends nothing, and a conflict stays with its answer', async () => {
    const queue = await queueWith([move('m1'), move('m2')]);
    const { transport, requests } = fakeServer((item) => (item.clientId === 'm2' ? 'conflict' : 'applied'));
    await syncQueue(queue, transport, USER);
    await syncQueue(queue, transport, USER);
    expect(requests).toHaveLength(1);
    expect((await queue.list(USER)).map((e) => [e.clientId, e.state, e.answer?.outcome])).toEqual([['m2', 'attention', 'conflict']]);
  });

  it('an unreachable server stops the sync: what was not answered waits again, in its place', async () => {
    const queue = await queueWith(['m1', 'm2', 'm3'].map((id) => move(id)));
    const { transport, requests } = fakeServer(() => 'applied', [2]);
    const report = await syncQueue(queue, transport, USER, 1);
    expect(requests).toHaveLength(2);
    expect(report.answered).toBe(1);
    expect(report.returned).toBe(2);
    expect(report.stoppedBy).toBeInstanceOf(ApiError);
    expect((await queue.list(USER)).map((e) => [e.clientId, e.state])).toEqual([
      ['m2', 'queued'],
      ['m3', 'queued'],
    ]);
    // The next sync sends them with the same clientIds, so the server can recognise a move it had.
    await syncQueue(queue, transport, USER, 1);
    expect(requests.slice(1).map((r) => r[0].clientId)).toEqual(['m2', 'm2', 'm3']);
  });

  it('sends only the signed-in user’s moves', async () => {
    const queue = await queueWith([move('m1'), move('m2', { userId: USER + 1 })]);
    const { transport, requests } = fakeServer();
    await syncQueue(queue, transport, USER);
    expect(requests.flat().map((i) => i.clientId)).toEqual(['m1']);
    expect(await queue.list(USER + 1)).toHaveLength(1);
  });
});

describe('Syncer', () => {
  it('a trigger during a sync runs one more sync after it, for what was queued meanwhile', async () => {
    const queue = await queueWith([move('m1')]);
    const requests: string[][] = [];
    let release: () => void = () => undefined;
    const transport: SyncTransport = {
      batch: async (items) => {
        requests.push(items.map((i) => i.clientId));
        if (requests.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items.map((i) => ({
          clientId: i.clientId,
          householdId: i.householdId,
          outcome: 'applied',
          statusCode: 200,
          code: null,
          message: null,
        }));
      },
    };
    const syncer = new Syncer(
      queue,
      transport,
      () => USER,
      () => true,
    );
    const first = syncer.run();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await queue.add([move('m2')]);
    const second = syncer.run();
    release();
    await Promise.all([first, second]);
    expect(requests).toEqual([['m1'], ['m2']]);
  });

  it('sends nothing while offline or signed out', async () => {
    const queue = await queueWith([move('m1')]);
    const { transport, requests } = fakeServer();
    await new Syncer(
      queue,
      transport,
      () => USER,
      () => false,
    ).run();
    await new Syncer(
      queue,
      transport,
      () => null,
      () => true,
    ).run();
    expect(requests).toEqual([]);
  });
});
