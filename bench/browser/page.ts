// The bench page (bundled by bench/browser.ts): the rows of npm run bench's main
// table (bench/rows.ts) and the f32x4 peak, measured in the browser. The driver
// calls linclassBench.setup once, then measure(row) for one timing window at a
// time (it decides which windows to keep, as in Node).
import { init, threadInfo } from '../../src/index.js';
import { makeData, makeRows } from '../rows.js';

let rows: Record<string, () => unknown>;
let peak: { peak_dot_4x2(reps: number, x: number, w: number): number };

async function setup(threads: number | 'auto'): Promise<unknown> {
  await init(threads === 1 ? { threads: 1 } : {});
  const { ds, predictSet } = makeData();
  rows = makeRows(ds, predictSet);
  const bytes = await (await fetch('peak.wasm')).arrayBuffer();
  peak = (await WebAssembly.instantiate(bytes, { env: { abort() {} } })).instance.exports as unknown as typeof peak;
  new Float32Array((peak as unknown as { memory: WebAssembly.Memory }).memory.buffer, 65536, 4096).forEach((_, i, a) => (a[i] = Math.sin(i) * 1e-3));
  rows.peak = () => peak.peak_dot_4x2(20000, 65536, 65536 + 4096);
  // warm-up: every kernel optimized, the dispatcher has timed both ways for these sizes
  for (const name of Object.keys(rows)) for (let i = 0; i < (name.startsWith('epoch') ? 2 : 8); i++) rows[name]();
  return { info: threadInfo(), isolated: self.crossOriginIsolated, userAgent: navigator.userAgent };
}

/** One timing window of a row: ms per call over at least windowMs (one call if it is longer). */
function measure(name: string, windowMs: number): number {
  const f = rows[name];
  let reps = 0;
  const t0 = performance.now();
  do {
    f();
    reps++;
  } while (performance.now() - t0 < windowMs);
  return (performance.now() - t0) / reps;
}

(globalThis as unknown as { linclassBench: unknown }).linclassBench = { setup, measure, rows: () => Object.keys(rows) };
