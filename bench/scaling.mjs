// How far this machine's cores scale for f32x4 work: the peak loop of
// bench/assembly/peak.ts alone, then on T worker threads at once (after a
// warm-up, so every thread runs optimized code). Prints JSON { one, each, sum }.
//   node bench/scaling.mjs T
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { readFileSync } from 'node:fs';

const wasm = new URL('./build/peak.wasm', import.meta.url);
function peak() {
  const e = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasm)), { env: { abort() {} } }).exports;
  new Float32Array(e.memory.buffer, 65536, 4096).fill(0.001);
  for (let i = 0; i < 20; i++) e.peak_dot_4x2(2000, 65536, 65536 + 4096);
  const reps = 100000, t0 = performance.now();
  e.peak_dot_4x2(reps, 65536, 65536 + 4096);
  return (reps * 64 * 8 * 8) / (performance.now() - t0) / 1e6;
}
if (isMainThread) {
  const T = Number(process.argv[2] ?? 2);
  const one = peak();
  const each = await Promise.all(Array.from({ length: T }, () => new Promise((r) => new Worker(new URL(import.meta.url)).on('message', r))));
  console.log(JSON.stringify({ one, each, sum: each.reduce((a, b) => a + b, 0) }));
} else parentPort.postMessage(peak());
