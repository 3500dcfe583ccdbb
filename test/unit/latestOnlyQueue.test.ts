// Overlapping reconnects (settings change, trust granted, Refresh, cloud credentials) go through
// LatestOnlyQueue: the store left active is the newest request's, and every other one is closed.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { LatestOnlyQueue } from '../../src/vscode/latestOnlyQueue.ts';

interface FakeStore {
  uri: string;
  closed: boolean;
}

/** StoreSession.connect's shape: close the active store, then open one from the settings of the moment (slowly). */
function fakeSession() {
  const state = { active: undefined as FakeStore | undefined, opened: [] as FakeStore[], running: 0, mostAtOnce: 0, setting: 'a' };
  const connect = async (openMs: number): Promise<FakeStore> => {
    state.running++;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
    try {
      if (state.active) state.active.closed = true;
      state.active = undefined;
      const uri = state.setting;
      await sleep(openMs);
      const store = { uri, closed: false };
      state.opened.push(store);
      state.active = store;
      return store;
    } finally {
      state.running--;
    }
  };
  return { state, connect };
}

test('overlapping connects run one at a time; the newest settings win and every other store is closed', async () => {
  const { state, connect } = fakeSession();
  const queue = new LatestOnlyQueue<FakeStore>();
  // The first open is the slow one: without the queue it would finish last and stay active.
  const first = queue.run(() => connect(60));
  await sleep(5);
  state.setting = 'b';
  const second = queue.run(() => connect(5));
  state.setting = 'c';
  const third = queue.run(() => connect(20));
  const [a, b, c] = await Promise.all([first, second, third]);
  assert.equal(state.mostAtOnce, 1, 'two connects ran at once');
  assert.equal(state.active?.uri, 'c');
  assert.equal(state.active?.closed, false);
  assert.equal(a.uri, 'a', 'the attempt already running finishes with its own store');
  assert.equal(b, c, 'a request superseded while it waited shares the newest outcome');
  assert.deepEqual(state.opened.map((s) => s.uri), ['a', 'c'], 'the superseded request never opened a store');
  assert.deepEqual(state.opened.filter((s) => s !== state.active).map((s) => s.closed), [true]);
});

test('a failed connect does not block the next, and its caller sees its own error', async () => {
  const { state, connect } = fakeSession();
  const queue = new LatestOnlyQueue<FakeStore>();
  const failing = queue.run(async () => {
    await sleep(10);
    throw new Error('cannot open');
  });
  await sleep(1);
  const next = queue.run(() => connect(1));
  await assert.rejects(failing, /cannot open/u);
  assert.equal((await next).uri, 'a');
  assert.equal(state.active?.closed, false);
});

test('a request superseded by a failing one gets that failure, not a stale store', async () => {
  const { connect } = fakeSession();
  const queue = new LatestOnlyQueue<FakeStore>();
  const running = queue.run(() => connect(20));
  await sleep(1);
  const superseded = queue.run(() => connect(1));
  const newest = queue.run(() => Promise.reject(new Error('bad setting')));
  await Promise.all([running, assert.rejects(superseded, /bad setting/u), assert.rejects(newest, /bad setting/u)]);
});

test('sequential connects each run', async () => {
  const { state, connect } = fakeSession();
  const queue = new LatestOnlyQueue<FakeStore>();
  await queue.run(() => connect(1));
  state.setting = 'b';
  await queue.run(() => connect(1));
  assert.deepEqual(state.opened.map((s) => [s.uri, s.closed]), [['a', true], ['b', false]]);
});

test('requests made in the same tick collapse into the last one', async () => {
  const { state, connect } = fakeSession();
  const queue = new LatestOnlyQueue<FakeStore>();
  const answers = [queue.run(() => connect(1)), queue.run(() => connect(1)), queue.run(() => connect(1))];
  const [a, b, c] = await Promise.all(answers);
  assert.ok(a === b && b === c);
  assert.equal(state.opened.length, 1);
});
