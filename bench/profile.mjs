// Where the time of one thread goes: the fused step and its pieces called
// directly (bench/build/kernels.wasm: the kernels with the release build's
// settings) with the bench's shape (N 49000, D 3073, C 10, batch 256), with
// the rows read at random as a batch reads them and with the same 16 rows again
// and again (in cache); the rates at which one core reads those rows without
// arithmetic; and the latency of one load over the dataset. Each figure is
// set against the f32x4 peak measured beside it. Prints JSON.
//   node bench/profile.mjs ROUNDS
import { readFileSync } from 'node:fs';
import { quietTime } from './quiet.mjs';

const ROUNDS = Number(process.argv[2] ?? 3);
const N = 49000, D = Number(process.env.PROFILE_D ?? 3073), C = Number(process.env.PROFILE_C ?? 10), B = 256, Dp = (D + 3) & ~3, RB = Dp * 4;
const k = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(new URL('./build/kernels.wasm', import.meta.url))), { env: { abort() { throw new Error('abort'); } } }).exports;
const X = k.alloc(N * RB), y = k.alloc(N * 4), W = k.alloc(C * RB), b = k.alloc(64), dW = k.alloc(C * RB), db = k.alloc(64);
const S = k.alloc(k.scratch_floats(C) * 4 + 64), part = k.alloc((C * Dp + C) * 4 + 64), idx = k.alloc(N * 4), P = k.alloc(64 * C * 16), pred = k.alloc(N * 4);
let s = 1;
const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31 - 1);
const f = new Float32Array(k.memory.buffer);
for (let i = 0; i < N; i++) for (let d = 0; d < D; d++) f[X / 4 + i * Dp + d] = rnd();
for (let c = 0; c < C; c++) for (let d = 0; d < D; d++) f[W / 4 + c * Dp + d] = rnd() * 1e-3;
const yv = new Int32Array(k.memory.buffer, y, N);
for (let i = 0; i < N; i++) yv[i] = Math.min(C - 1, Math.floor((rnd() + 1) / 2 * C));
const iv = new Int32Array(k.memory.buffer, idx, N);
const random = (n) => { for (let i = 0; i < n; i++) iv[i] = (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % N; };
const same16 = (n) => { for (let i = 0; i < n; i++) iv[i] = i % 16; };
const inOrder = (n) => { for (let i = 0; i < n; i++) iv[i] = i; };
const step = (n) => k.step_simd(n, Dp, C, X, idx, y, 0, W, b, dW, db, S, part, 1, 1, 1, 1e-3, 0.5);
const CASES = {
  'step, random rows': [4 * B * Dp * C, () => { random(B); step(B); }],
  'step, rows in cache': [4 * B * Dp * C, () => { same16(B); step(B); }],
  'forward product, rows in cache': [2 * B * Dp * C, () => { same16(B); for (let r = 0; r < B; r += 16) k.scores_nt_simd(16, Dp, C, X, idx + r * 4, W, b, S, P); }],
  'backward product, rows in cache': [2 * B * Dp * C, () => { same16(B); for (let r = 0; r < B; r += 16) k.grad_tn_simd(16, Dp, C, X, idx + r * 4, S, dW, db, P); }],
  'full batch, rows in order': [4 * N * Dp * C, () => { inOrder(N); step(N); }],
  'predict 10000, rows in order': [2 * 10000 * Dp * C, () => { inOrder(10000); k.evaluate_simd(10000, Dp, C, X, idx, 0, 0, W, b, pred, 0, S, 1, 1); }],
  'predict 256, rows in cache': [2 * B * Dp * C, () => { same16(B); k.evaluate_simd(B, Dp, C, X, idx, 0, 0, W, b, pred, 0, S, 1, 1); }],
  'read batch rows': [0, () => { random(B); k.read_rows(B, X, idx, RB); }],
  'read rows in order': [0, () => { inOrder(4096); k.read_rows(4096, X, idx, RB); }],
};
const pk = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(new URL('./build/peak.wasm', import.meta.url))), { env: { abort() {} } }).exports;
new Float32Array(pk.memory.buffer, 65536, 4096).forEach((_, i, a) => (a[i] = Math.sin(i) * 1e-3));
const peak = () => 2000 * 64 * 64 / quietTime(() => pk.peak_dot_4x2(2000, 65536, 65536 + 4096), { windowMs: 20, budgetMs: 100 }).ms / 1e6;
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
const ms = {}, frac = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, [fl, fn]] of Object.entries(CASES)) {
    const g = peak();
    fn();
    const t = quietTime(fn, { windowMs: name.startsWith('full') ? 1 : 20, budgetMs: name.startsWith('full') ? 500 : 200, want: name.startsWith('full') ? 3 : 5 }).ms;
    (ms[name] ??= []).push(t);
    if (fl) (frac[name] ??= []).push(fl / t / 1e6 / g);
  }
}
// a chain of dependent loads through the dataset's memory, one per 64-byte line at random
const lines = Math.floor(N * RB / 64), M = 1 << 20, u32 = new Uint32Array(k.memory.buffer);
const order = Array.from({ length: M }, (_, i) => i);
for (let i = M - 1; i > 0; i--) { const j = (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % (i + 1); [order[i], order[j]] = [order[j], order[i]]; }
const at = (i) => X + Math.floor(order[i] * (lines / M)) * 64;
for (let i = 0; i < M; i++) u32[at(i) / 4] = at((i + 1) % M);
const latency = quietTime(() => k.chase(20000, at(0)), { windowMs: 20, budgetMs: 300 }).ms / 20000 * 1e6;
const out = {};
for (const name of Object.keys(CASES)) {
  out[`${name} ms`] = median(ms[name]);
  if (frac[name]) out[`${name} pk`] = median(frac[name]);
}
out['random rows GB/s'] = B * RB / out['read batch rows ms'] / 1e6;
out['sequential rows GB/s'] = 4096 * RB / out['read rows in order ms'] / 1e6;
out['latency ns'] = latency;
console.log(JSON.stringify(out));
