import { describe, expect, it } from '@jest/globals';
import type { BatchResultResponse } from '../api-types.js';
import {
  byAge,
  expectedState,
  isClaimable,
  isSettled,
  MemoryQueueStore,
  MoveQueue,
  settle,
  STALE_CLAIM_MS,
  type NewMove,
  type QueuedMove,
} from './queue.js';

const USER = 7;
const OTHER_USER = 8;

function move(clientId: string, over: Partial<NewMove> = {}): NewMove {
  return {
    clientId,
    userId: USER,
    householdId: 1,
    householder: '张三',
    from: 'pending',
    to: 'in_progress',
    occurredOn: '2021-12-23',
    note: null,
    inspection: null,
    version: 1,
    ...over,
  };
}

function entry(clientId: string, over: Partial<QueuedMove> = {}): QueuedMove {
  return { ...move(clientId), createdAt: 1000, seq: 0, state: 'queued', claimedAt: null, answer: null, ...over };
}

function result(clientId: string, outcome: BatchResultResponse['outcome'], message: string | null = null): BatchResultResponse {
  const statusCode = { applied: 200, duplicate: 200, conflict: 409, refused: 422, not_found: 404, invalid: 400 }[outcome];
  return { clientId, householdId: 1, outcome, statusCode, code: outcome === 'conflict' ? 'stale_version' : null, message };
}

/** A queue over the in-memory store with a clock the test moves. */
function queueAt(start = 1_000_000): { queue: MoveQueue; store: MemoryQueueStore; clock: { now: number } } {
  const clock = { now: start };
  const store = new MemoryQueueStore();
  return { queue: new MoveQueue(store, () => clock.now), store, clock };
}

describe('the queue’s order', () => {
  it('oldest first; moves made at the same instant keep the order they were made in', () => {
    const sorted = [
      entry('c', { createdAt: 2000, seq: 0 }),
      entry('b', { createdAt: 1000, seq: 5 }),
      entry('a', { createdAt: 1000, seq: 4 }),
    ].sort(byAge);
    expect(sorted.map((e) => e.clientId)).toEqual(['a', 'b', 'c']);
  });

  it('lists a batch queued at once in its order, whatever order the store keeps', async () => {
    const { queue, clock } = queueAt();
    await queue.add([move('first'), move('second'), move('third')]);
    clock.now += 1;
    await queue.add([move('later')]);
    const ids = (await queue.list(USER)).map((e) => e.clientId);
    expect(ids).toEqual(['first', 'second', 'third', 'later']);
  });
});

describe('isClaimable', () => {
  const now = 10_000_000;
  it.each<[string, Partial<QueuedMove>, boolean]>([
    ['queued, this user', {}, true],
    ['queued, another user', { userId: OTHER_USER }, false],
    ['sending just now', { state: 'sending', claimedAt: now - 1000 }, false],
    ['sending, given up on', { state: 'sending', claimedAt: now - STALE_CLAIM_MS }, true],
    ['needs attention', { state: 'attention' }, false],
  ])('%s → %s', (_name, over, expected) => {
    expect(isClaimable(entry('x', over), USER, now)).toBe(expected);
  });
});

describe('settle: what an answer does to a move', () => {
  it.each<[BatchResultResponse['outcome'], boolean]>([
    ['applied', true],
    ['duplicate', true],
    ['conflict', false],
    ['refused', false],
    ['not_found', false],
    ['invalid', false],
  ])('%s leaves the queue: %s', (outcome, leaves) => {
    expect(isSettled(outcome)).toBe(leaves);
    const next = settle(entry('x', { state: 'sending', claimedAt: 5 }), result('x', outcome, '说明'));
    if (leaves) expect(next).toBeNull();
    else expect(next).toMatchObject({ state: 'attention', claimedAt: null, answer: { outcome, message: '说明' } });
  });
});

describe('expectedState: a household as shown with its queued moves', () => {
  const household = { id: 1, status: 'pending' as const, version: 4 };

  it('applies the moves that follow on from the version shown, in order', () => {
    const entries = [
      entry('b', { from: 'in_progress', to: 'completed', version: 5, createdAt: 2000 }),
      entry('a', { from: 'pending', to: 'in_progress', version: 4, createdAt: 1000 }),
    ];
    expect(expectedState(household, entries)).toMatchObject({ status: 'completed', version: 6 });
  });

  it('leaves out a move based on another version: the server will judge it', () => {
    const state = expectedState(household, [entry('a', { version: 3 })]);
    expect(state).toMatchObject({ status: 'pending', version: 4 });
    expect(state.pending.map((e) => e.clientId)).toEqual(['a']);
  });

  it('a move that needs attention is listed, not applied', () => {
    const state = expectedState(household, [entry('a', { version: 4, state: 'attention' })]);
    expect(state).toMatchObject({ status: 'pending', version: 4, pending: [] });
    expect(state.attention.map((e) => e.clientId)).toEqual(['a']);
  });

  it('only this household’s moves count', () => {
    expect(expectedState(household, [entry('a', { householdId: 2, version: 4 })])).toMatchObject({ status: 'pending', pending: [] });
  });
});

describe('MoveQueue', () => {
  it('a sync takes the user’s queued moves once: a second claim finds none', async () => {
    const { queue } = queueAt();
    await queue.add([move('a'), move('b'), move('theirs', { userId: OTHER_USER })]);
    const claimed = await queue.claim(USER);
    expect(claimed.map((e) => [e.clientId, e.state])).toEqual([
      ['a', 'sending'],
      ['b', 'sending'],
    ]);
    expect(await queue.claim(USER)).toEqual([]);
    // The other user's move waits for them.
    expect((await queue.list(OTHER_USER)).map((e) => e.state)).toEqual(['queued']);
  });

  it('moves a closed tab left `sending` are taken again once the claim is stale', async () => {
    const { queue, clock } = queueAt();
    await queue.add([move('a')]);
    await queue.claim(USER);
    clock.now += STALE_CLAIM_MS - 1;
    expect(await queue.claim(USER)).toEqual([]);
    clock.now += 1;
    expect((await queue.claim(USER)).map((e) => e.clientId)).toEqual(['a']);
  });

  it('recording answers: settled moves leave, the others stay with the answer, unanswered ones wait again', async () => {
    const { queue } = queueAt();
    await queue.add([move('applied'), move('duplicate'), move('conflict'), move('refused'), move('lost')]);
    const claimed = await queue.claim(USER);
    await queue.record(claimed, [
      result('applied', 'applied'),
      result('duplicate', 'duplicate'),
      result('conflict', 'conflict', '此户已被他人更新'),
      result('refused', 'refused', '不允许'),
    ]);
    const left = await queue.list(USER);
    expect(left.map((e) => [e.clientId, e.state, e.answer?.outcome ?? null, e.answer?.message ?? null])).toEqual([
      ['conflict', 'attention', 'conflict', '此户已被他人更新'],
      ['refused', 'attention', 'refused', '不允许'],
      ['lost', 'queued', null, null],
    ]);
    // What needs attention is not sent again; what was not answered is.
    expect((await queue.claim(USER)).map((e) => e.clientId)).toEqual(['lost']);
  });

  it('a released move goes back in its place', async () => {
    const { queue, clock } = queueAt();
    await queue.add([move('a')]);
    clock.now += 1;
    await queue.add([move('b')]);
    const claimed = await queue.claim(USER);
    await queue.release(claimed);
    expect((await queue.list(USER)).map((e) => [e.clientId, e.state])).toEqual([
      ['a', 'queued'],
      ['b', 'queued'],
    ]);
  });

  it('a move leaves only when settled or discarded', async () => {
    const { queue } = queueAt();
    await queue.add([move('a')]);
    await queue.record(await queue.claim(USER), [result('a', 'not_found', '找不到')]);
    expect(await queue.list(USER)).toHaveLength(1);
    await queue.discard('a');
    expect(await queue.list(USER)).toEqual([]);
  });

  it('tells its listeners of each change, and the other tabs through `announce`', async () => {
    const store = new MemoryQueueStore();
    let announced = 0;
    let heard = 0;
    const queue = new MoveQueue(
      store,
      () => 1,
      () => announced++,
    );
    queue.onChange(() => heard++);
    await queue.add([move('a')]);
    await queue.discard('a');
    queue.notify(); // another tab's news: heard here, not announced back
    expect({ heard, announced }).toEqual({ heard: 3, announced: 2 });
  });
});
