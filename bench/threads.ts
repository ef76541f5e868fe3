// The main table's rows (bench/rows.ts) plus a batch-4096 step, in a process of
// its own per setting (init chooses the build once per process): one thread,
// or THREADS threads with a fixed threadThreshold or 'auto' (the default, the
// dispatcher choosing per call). Prints JSON: ms per call per row for each
// round (quiet windows, see quiet.mjs), and the dispatcher's choices.
//   node --import tsx bench/threads.ts THREADS ROUNDS [THRESHOLD|auto]
import { init, threadInfo } from '../src/index.js';
import { dispatcher } from '../src/runtime/module.js';
import { makeData, makeRows, windowMs, ROWS } from './rows.js';
import { quietTime } from './quiet.mjs';

const threads = Number(process.argv[2] ?? 1), ROUNDS = Number(process.argv[3] ?? 3);
const arg = process.argv[4] ?? 'auto';
await init({ threads, threadThreshold: arg === 'auto' ? 'auto' : Number(arg) });
const { ds, predictSet } = makeData();
const rows = makeRows(ds, predictSet);
const names = [...ROWS, 'batch 4096'] as const;
// warm-up: every kernel runs optimized code, and the dispatcher has timed both ways for each size
for (const name of names) for (let i = 0; i < (name.startsWith('epoch') ? 2 : 8); i++) rows[name]();
const out: Record<string, number[]> = {};
// with 'auto': the calls of each row that ran shared and on one thread, over its timed windows (quiet or not)
const ran: Record<string, { shared: number; one: number }> = {};
const total = () => Object.values(dispatcher()?.counts() ?? {}).reduce((a, c) => ({ shared: a.shared + c.shared, one: a.one + c.one }), { shared: 0, one: 0 });
for (let r = 0; r < ROUNDS; r++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + r) % names.length]; // each round starts at another row
    const long = windowMs(name) === 1 && !name.startsWith('predict');
    const before = total();
    (out[name] ??= []).push(quietTime(rows[name], { windowMs: windowMs(name), budgetMs: long ? 600 : 250, want: long ? 3 : 5 }).ms);
    const after = total(), acc = (ran[name] ??= { shared: 0, one: 0 });
    acc.shared += after.shared - before.shared;
    acc.one += after.one - before.one;
  }
}
console.log(JSON.stringify({ info: threadInfo(), threshold: arg, choices: dispatcher()?.summary() ?? null, ran: dispatcher() ? ran : null, ms: out }));
process.exit(0);
