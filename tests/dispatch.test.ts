// The per-call chooser between threads and one thread (src/runtime/dispatch.ts),
// fed timings by hand: what it measures first, what it picks, how often it
// checks the way that lost, how it follows a machine that changes, and the
// estimate the pool's keepWarm uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dispatcher, CHECK, WIDE_CHECK, MIN_SHARED_WORK } from '../src/runtime/dispatch.js';

const WORK = 2 ** 23; // a batch-256 step at D 3073, C 10 is about this much work

/** Runs `calls` calls of `work` through d, each taking `one` ms on one thread or `shared` ms shared; returns the ways taken. */
function drive(d: Dispatcher, calls: number, one: number, shared: number, work = WORK): boolean[] {
  const ways: boolean[] = [];
  for (let i = 0; i < calls; i++) {
    const s = d.shared('step', work);
    d.record('step', work, s, s ? shared : one);
    ways.push(s);
  }
  return ways;
}

test('calls below MIN_SHARED_WORK always run on one thread, and are never timed', () => {
  const d = new Dispatcher(2 ** 20);
  for (let i = 0; i < 100; i++) assert.equal(d.shared('step', MIN_SHARED_WORK - 1), false);
  assert.equal(d.mayShare(MIN_SHARED_WORK - 1), false);
  assert.deepEqual(d.summary(), {});
});

test('a new size is timed both ways, alternating, starting with threads at or above the prior', () => {
  const big = new Dispatcher(2 ** 20), small = new Dispatcher(2 ** 30);
  assert.deepEqual(drive(big, 6, 1, 0.6), [true, false, true, false, true, false]);
  assert.deepEqual(drive(small, 6, 1, 0.6), [false, true, false, true, false, true]);
  assert.deepEqual(big.summary(), { 'step 46': 'threads' });
});

test('sharing measured faster: shared from then on, with one call in CHECK on one thread', () => {
  const d = new Dispatcher(2 ** 20);
  drive(d, 6, 1, 0.8);
  const ways = drive(d, 10 * CHECK, 1, 0.8);
  const ones = ways.filter((s) => !s).length;
  assert.equal(ones, 10, `${ones} one-thread calls in ${10 * CHECK}`);
  assert.deepEqual(d.counts(), { 'step 46': { shared: 3 + 10 * CHECK - 10, one: 3 + 10 } });
  assert.equal(d.mayShare(WORK), true);
});

test('sharing faster by more than 1.3×: one call in WIDE_CHECK on one thread', () => {
  const d = new Dispatcher(2 ** 20);
  drive(d, 6, 1, 0.6);
  const ways = drive(d, 4 * WIDE_CHECK, 1, 0.6);
  assert.equal(ways.filter((s) => !s).length, 4);
  // the margin narrows (the second core got slower): back to one check in CHECK
  const narrow = drive(d, 4 * WIDE_CHECK, 1, 0.9);
  assert.equal(narrow.filter((s) => !s).length, 4 * WIDE_CHECK / CHECK);
});

test('sharing measured slower: one thread, poolFor skips it, and a shared check once in CHECK', () => {
  const d = new Dispatcher(2 ** 20);
  drive(d, 6, 1, 1.4);
  assert.deepEqual(d.summary(), { 'step 46': 'one' });
  const ways = drive(d, 4 * CHECK, 1, 1.4);
  assert.equal(ways.filter(Boolean).length, 4);
  // mayShare asks both kinds: an eval group of the same size not yet timed keeps it open
  for (let i = 0; i < 6; i++) {
    const s = d.shared('eval', WORK);
    d.record('eval', WORK, s, s ? 1.4 : 1);
  }
  const open = Array.from({ length: 2 * CHECK }, () => d.mayShare(WORK)).filter(Boolean).length;
  assert.equal(open, 2, 'every CHECK-th call is let through to time the other way');
});

test('sharing within MARGIN of one thread does not count as faster', () => {
  const d = new Dispatcher(2 ** 20);
  drive(d, 6, 1, 0.98);
  assert.deepEqual(d.summary(), { 'step 46': 'one' });
});

test('the choice follows the machine: another process takes the second core, then leaves', () => {
  const d = new Dispatcher(2 ** 20);
  drive(d, 6, 1, 0.8);
  // shared calls now wait for a descheduled worker: once the recent shared timings are all slow, one thread wins
  const busy = drive(d, 3 * CHECK, 1, 2.5);
  assert.equal(busy.slice(-CHECK).filter(Boolean).length, 1, 'one shared check per CHECK calls while the core is taken');
  assert.deepEqual(d.summary(), { 'step 46': 'one' });
  // the core comes back: the next shared check is fast, and sharing wins again
  const back = drive(d, 2 * CHECK, 1, 0.8);
  assert.ok(back.slice(-CHECK).filter(Boolean).length >= CHECK - 1, 'shared again within one CHECK period');
  assert.deepEqual(d.summary(), { 'step 46': 'threads' });
});

test('oneThreadMs: the best recent one-thread time scaled to the work, 1 ms before any, at most 20 ms', () => {
  const d = new Dispatcher(2 ** 20);
  assert.equal(d.oneThreadMs('step', WORK), 1);
  drive(d, 6, 0.9, 0.6);
  assert.ok(Math.abs(d.oneThreadMs('step', WORK) - 0.9) < 1e-9);
  // a call of 1.2× the work, in the same half-octave group, scales the per-work rate
  assert.ok(Math.abs(d.oneThreadMs('step', WORK * 1.2) - 0.9 * 1.2) < 1e-9);
  drive(d, 6, 400, 200, 2 ** 30);
  assert.equal(d.oneThreadMs('step', 2 ** 30), 20);
});
