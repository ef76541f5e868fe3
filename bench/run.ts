// npm run bench: linclass side by side with plain JavaScript loops,
// TensorFlow.js 4.22 (wasm and cpu backends) and numpy + OpenBLAS (1 and 2
// threads; with the machine's OPENBLAS_CORETYPE and with it unset), on the same
// seeded CIFAR-10-shaped data (N 49000, D 3073, C 10), with the machine's wasm
// f32x4 peak and its two-core ceiling measured in the same run; linclass in
// Node (one thread, and the default: every core, threads chosen per call) and
// in Chromium (one thread, and threads on a cross-origin-isolated page). Every
// target of the performance issue is printed with its measured figure and
// whether it is met. Prints and writes bench/results/latest.{md,json}.
//   ROUNDS=3 SWEEP=1 MEMORY=1 THREADS=1 BROWSER=1 PROFILE=1 OTHERS=1 npm run bench (0 skips a part)
//
// Timing: a machine shared with other processes stretches some timing windows;
// every figure is the median over rounds of the median of the windows during
// which none of the measured process's threads waited for a CPU (quiet.mjs).
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, Dataset } from '../src/index.js';
import { Rng } from '../src/base/rng.js';
import { LinclassBench } from './impl/linclass.js';
import { jsLossGrad, type JsData } from './impl/plainjs.js';
import { useBackend, tfData, tfLossGrad, tf } from './impl/tfjs.js';
import { CHECK as CHECK_EVERY } from '../src/runtime/dispatch.js';
import { N, D, C, B, STEPS, ROWS, flops, windowMs, makeRows } from './rows.js';
import { quietTime } from './quiet.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..');
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const on = (name: string) => process.env[name] !== '0';
const median = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];
const CORES = cpus().length;
const T = CORES >= 2 ? CORES : 2;

/** ms per call of a row: the median of quiet windows (see quiet.mjs). */
function time(fn: () => unknown, row: string): number {
  const long = windowMs(row) === 1 && !row.startsWith('predict');
  return quietTime(fn, { windowMs: windowMs(row), budgetMs: long ? 600 : 250, want: long ? 3 : 5 }).ms;
}

function cpuName(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const get = (k: string) => new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm').exec(info)?.[1] ?? '?';
    return `${get('model name')} (family ${get('cpu family')}, model ${get('model')})`;
  } catch {
    return cpus()[0]?.model ?? '?';
  }
}

await init({ threads: 1 });
const machine = `${cpuName()}, ${CORES} cores, Node ${process.versions.node}`;
console.log(`bench: N ${N}, D ${D}, C ${C}, batch ${B}, ${ROUNDS} rounds; ${machine}`);

// ---- data, once, seeded (bench/rows.ts draws the same in the other processes)
const rng = new Rng(1);
const X = new Float32Array(N * D), y = new Int32Array(N);
for (let i = 0; i < X.length; i++) X[i] = rng.nextU32() / 2 ** 31 - 1;
for (let i = 0; i < N; i++) y[i] = rng.below(C);
const ds = Dataset.create(N, { numFeatures: D });
for (let r = 0; r < N; r += 4096) ds.setRows(r, X.subarray(r * D, Math.min(N, r + 4096) * D), y.subarray(r, Math.min(N, r + 4096)));
const predictSet = Dataset.from(X.subarray(0, 10000 * D), null, { numFeatures: D });
const rows = makeRows(ds, predictSet);
const jsd: JsData = { X, y, N, D, C };
const jsW = Float32Array.from({ length: C * D }, () => (rng.nextU32() / 2 ** 31 - 1) * 1e-3);
const jsB = new Float32Array(C), jsdW = new Float32Array(C * D), jsdb = new Float32Array(C), jsS = new Float32Array(C);
const jsIdx = new Int32Array(N);
const jsBatch = (loss: 'softmax' | 'svm', n: number) => {
  for (let i = 0; i < n; i++) jsIdx[i] = rng.below(N);
  return jsLossGrad(loss, jsd, jsIdx, n, jsW, jsB, jsdW, jsdb, 1e-3, jsS);
};
const allIdx = Int32Array.from({ length: N }, (_, i) => i);

// numpy reads the same data from a file
const dataFile = join(tmpdir(), `linclass-bench-${process.pid}.bin`);
writeFileSync(dataFile, Buffer.concat([Buffer.from(X.buffer), Buffer.from(y.buffer)]));
const PY = '/usr/bin/python3';
const coretype = process.env.OPENBLAS_CORETYPE;
const NUMPY = [
  { label: 'numpy 1 thread', threads: 1, unset: false },
  { label: 'numpy 2 threads', threads: 2, unset: false },
  ...(coretype ? [
    { label: 'numpy 1 thread, CORETYPE unset', threads: 1, unset: true },
    { label: 'numpy 2 threads, CORETYPE unset', threads: 2, unset: true },
  ] : []),
];
const blas: Record<string, unknown> = {};
let numpyNote = '';
function numpy(threads: number, unset: boolean): Record<string, number> | null {
  const env: Record<string, string | undefined> = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-pthread' };
  // the machine's setting, or both OpenBLAS variables unset together, in this command only
  if (unset) { delete env.OPENBLAS_CORETYPE; delete env.OPENBLAS_L2_SIZE; }
  try {
    const out = JSON.parse(execFileSync(PY, [join(HERE, 'numpy_bench.py'), dataFile, String(N), String(D), String(C), String(B), '1'], {
      encoding: 'utf8', env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'],
    }));
    blas[`${threads} ${unset ? 'unset' : 'set'}`] = out.blas;
    const r: Record<string, number> = { 'predict 10000': out['predict 10000'] };
    for (const l of ['softmax', 'svm']) for (const k of ['batch', 'epoch', 'full']) r[`${k} ${l}`] = out[l][k];
    return r;
  } catch (e) {
    numpyNote = `numpy rows skipped: ${PY} with numpy and OpenBLAS is needed (apt-get install python3-numpy libopenblas0-pthread): ${String((e as Error).message).split('\n')[0]}`;
    return null;
  }
}

// TF.js tensors on each backend
let tfw: ReturnType<typeof tfData>, tfWw: tf.Tensor2D, tfc: ReturnType<typeof tfData>, tfWc: tf.Tensor2D;
if (on('OTHERS')) {
  await useBackend('wasm');
  tfw = tfData(X, y, N, D, C); tfWw = tf.tensor2d(jsW, [D, C]);
  await useBackend('cpu');
  tfc = tfData(X, y, N, D, C); tfWc = tf.tensor2d(jsW, [D, C]);
}

// the peak: the better of two register blockings of the same f32x4 mul+add loop
const peakMod = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(join(HERE, 'build/peak.wasm'))), { env: { abort() {} } });
const pk = peakMod.exports as unknown as { memory: WebAssembly.Memory; peak_dot_4x2(r: number, x: number, w: number): number; peak_dot_3x3(r: number, x: number, w: number): number };
new Float32Array(pk.memory.buffer, 65536, 4096).forEach((_, i, a) => (a[i] = Math.sin(i) * 1e-3));
function peak(): number {
  const reps = 2000, flop = reps * 64 * 8 * 8;
  const a = quietTime(() => pk.peak_dot_4x2(reps, 65536, 65536 + 4096), { windowMs: 20, budgetMs: 150 }).ms;
  const b = quietTime(() => pk.peak_dot_3x3(reps, 65536, 65536 + 4096), { windowMs: 20, budgetMs: 150 }).ms * 8 / 9;
  return flop / Math.min(a, b) / 1e6; // GFLOP/s
}

type Table = Record<string, Record<string, number[]>>;
const results: Table = {};
const add = (impl: string, what: string, ms: number) => ((results[impl] ??= {})[what] ??= []).push(ms);
const peaks: number[] = [];
const NODE1 = 'linclass Node, 1 thread';

for (let round = 0; round < ROUNDS; round++) {
  console.log(`round ${round + 1}/${ROUNDS}`);
  peaks.push(peak());
  // each round starts at another row: the first after numpy's subprocess was measured disturbed (up to 2.5× slower)
  for (let i = 0; i < ROWS.length; i++) {
    const row = ROWS[(i + round) % ROWS.length];
    add(NODE1, row, time(rows[row], row));
  }
  if (on('OTHERS')) {
    for (const loss of ['softmax', 'svm'] as const) {
      add('plain JS', `batch ${loss}`, time(() => jsBatch(loss, B), 'batch'));
      add('plain JS', `epoch ${loss}`, time(() => { for (let s = 0; s < STEPS; s++) { jsBatch(loss, B); for (let k = 0; k < jsW.length; k++) jsW[k] -= 1e-7 * jsdW[k]; } }, 'epoch'));
      add('plain JS', `full ${loss}`, time(() => jsLossGrad(loss, jsd, allIdx, N, jsW, jsB, jsdW, jsdb, 1e-3, jsS), 'full'));
      for (const [name, be, data, W] of [['TF.js wasm', 'wasm', tfw!, tfWw!], ['TF.js cpu', 'cpu', tfc!, tfWc!]] as const) {
        await useBackend(be);
        const idx = new Int32Array(B);
        const tb = () => { for (let i = 0; i < B; i++) idx[i] = rng.below(N); return tfLossGrad(loss, data, idx, W, 1e-3); };
        add(name, `batch ${loss}`, time(tb, 'batch'));
        add(name, `epoch ${loss}`, time(() => { for (let s = 0; s < STEPS; s++) tb(); }, 'epoch'));
        add(name, `full ${loss}`, time(() => tfLossGrad(loss, data, null, W, 1e-3), 'full'));
      }
    }
  }
  for (const v of NUMPY) {
    const r = numpy(v.threads, v.unset);
    if (r) for (const [k, ms] of Object.entries(r)) add(v.label, k, ms);
  }
}
rmSync(dataFile, { force: true });

// ---- threads: one process per setting (init picks the build once per process), alternating round by round
type ThreadRun = {
  info: { mode: string; threads: number }; threshold: string; choices: Record<string, string> | null;
  ran: Record<string, { shared: number; one: number }> | null; ms: Record<string, number[]>;
};
const SETTINGS = [['1 thread', 1, 'auto'], [`${T} threads, every call shared`, T, '0'], [`${T} threads, default (threads chosen per call)`, T, 'auto']] as const;
const threadRuns: Record<string, ThreadRun[]> = {};
const scaling: number[] = [];
if (on('THREADS')) {
  for (let r = 0; r < ROUNDS; r++) {
    console.log(`threads round ${r + 1}/${ROUNDS}`);
    const sc = JSON.parse(execFileSync(process.execPath, [join(HERE, 'scaling.mjs'), String(T)], { encoding: 'utf8' }));
    scaling.push(sc.sum / sc.one);
    for (const [label, t, threshold] of SETTINGS) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', join(HERE, 'threads.ts'), String(t), '1', threshold], { encoding: 'utf8', maxBuffer: 1 << 24 });
      (threadRuns[label] ??= []).push(JSON.parse(out.trim().split('\n').pop()!));
    }
  }
  for (const [label] of SETTINGS) {
    for (const run of threadRuns[label]) for (const [k, v] of Object.entries(run.ms)) for (const ms of v) add(`threads: ${label}`, k, ms);
  }
}
const DEFAULT = `linclass Node, default (${T} threads)`;
if (results[`threads: ${SETTINGS[2][0]}`]) results[DEFAULT] = results[`threads: ${SETTINGS[2][0]}`];

// ---- Chromium, in a process of its own
let browserInfo: Record<string, unknown> | null = null;
if (on('BROWSER')) {
  console.log('Chromium');
  const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(HERE, 'browser.ts'), String(ROUNDS)], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').pop()!);
  if (out.skipped) browserInfo = { skipped: out.skipped };
  else {
    browserInfo = {};
    for (const [mode, r] of Object.entries(out) as [string, { info: { info: { threads: number } }; ms: Record<string, number[]> }][]) {
      const label = mode === 'threads' ? `linclass Chromium, ${r.info.info.threads} threads (isolated page, default)` : 'linclass Chromium, 1 thread';
      browserInfo[label] = r.info;
      for (const [k, v] of Object.entries(r.ms)) for (const ms of v) add(label, k, ms);
    }
  }
}

const peakG = median(peaks);
const med: Record<string, Record<string, number>> = {};
for (const [impl, r] of Object.entries(results)) for (const [k, v] of Object.entries(r)) (med[impl] ??= {})[k] = median(v);
const np1 = med['numpy 1 thread'];
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(3));
const frac = (row: string, ms: number, g = peakG) => flops(row) / ms / 1e6 / g;
const lines: string[] = [];
lines.push('# linclass bench', '', `Machine: ${machine}.`, '',
  `N ${N}, D ${D}, C ${C}; batch ${B}; epoch = ${STEPS} steps incl. sampling and an SGD update; medians of ${ROUNDS} rounds, each the median of the timing windows in which no thread of the measured process waited for a CPU.`);
lines.push(`Measured wasm f32x4 mul+add peak, one core: **${peakG.toFixed(1)} GFLOP/s** (rounds: ${peaks.map((p) => p.toFixed(1)).join(', ')}; batch step ${(flops('batch') / peakG / 1e6).toFixed(3)} ms at peak).`);
if (scaling.length) lines.push(`The machine's own ceiling, the peak loop on ${T} threads at once against one: ${median(scaling).toFixed(2)}× (rounds: ${scaling.map((x) => x.toFixed(2)).join(', ')}).`);
lines.push('', '## Main table', '', 'ms per call; ×np1 = time / numpy 1 thread (OPENBLAS_CORETYPE as the machine sets it); pk = GFLOP/s / one core\'s peak (above 1 on several threads).', '');
const cols = [...ROWS];
lines.push(`| implementation | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---').join('|')}|`);
const order = [NODE1, DEFAULT, ...Object.keys(med).filter((k) => k.startsWith('linclass Chromium')), 'plain JS', 'TF.js wasm', 'TF.js cpu', ...NUMPY.map((v) => v.label)];
for (const impl of order) {
  const r = med[impl];
  if (!r) continue;
  const cells = cols.map((c) => {
    if (r[c] === undefined) return '–';
    const parts = [`${fmt(r[c])} ms`];
    if (np1?.[c]) parts.push(`${(r[c] / np1[c]).toFixed(2)}× np1`);
    parts.push(`${frac(c, r[c]).toFixed(2)} pk`);
    return parts.join(', ');
  });
  lines.push(`| ${impl} | ${cells.join(' | ')} |`);
}
const chromePeaks = Object.keys(med).filter((k) => k.startsWith('linclass Chromium') && med[k].peak);
if (chromePeaks.length) {
  lines.push('', `Chromium's own f32x4 peak (the same loop, in the page): ${chromePeaks.map((k) => `${k.replace('linclass Chromium, ', '')} ${(20000 * 64 * 64 / med[k].peak / 1e6).toFixed(1)} GFLOP/s`).join('; ')}.`);
}
if (Object.keys(blas).length) {
  lines.push('', `numpy's BLAS: ${Object.entries(blas).map(([k, b]) => {
    const i = b as { version?: string; kernel?: string; via?: string; coretype?: string | null; l2size?: string | null };
    return `${k.startsWith('1') ? '1 thread' : '2 threads'}, OPENBLAS_CORETYPE ${i.coretype ?? 'unset'} and OPENBLAS_L2_SIZE ${i.l2size ?? 'unset'}: OpenBLAS ${i.version ?? '?'} ran its ${i.kernel} kernels (${i.via})`;
  }).join('; ')}.`);
}
if (numpyNote) lines.push('', numpyNote);

// ---- shape sweep: linclass on one thread against plain JS loops, softmax
const sweep: { D: number; C: number; batch: number; linclass: number; js: number; pk: number }[] = [];
if (on('SWEEP')) {
  console.log('sweep');
  lines.push('', '## Shape sweep (softmax loss+gradient, one thread, ms per step; JS = plain JavaScript loops)', '',
    '| D | C | batch | linclass ms | GFLOP/s | of peak | JS ms | JS / linclass |', '|---|---|---|---|---|---|---|---|');
  for (const d of [64, 784, 3073]) {
    const n = 4096, r2 = new Rng(d);
    const Xs = Float32Array.from({ length: n * d }, () => r2.nextU32() / 2 ** 31 - 1);
    for (const c of [2, 10, 100]) {
      const ys = Int32Array.from({ length: n }, () => r2.below(c));
      const sds = Dataset.from(Xs, ys, { numFeatures: d });
      const lb = new LinclassBench(sds, c, 4096);
      const jd: JsData = { X: Xs, y: ys, N: n, D: d, C: c };
      const W = new Float32Array(c * d), bb = new Float32Array(c), dW = new Float32Array(c * d), db = new Float32Array(c), S = new Float32Array(c);
      const idx = new Int32Array(4096);
      for (const batch of [1, 32, 256, 4096]) {
        const a: number[] = [], j: number[] = [];
        for (let r = 0; r < 3; r++) {
          a.push(quietTime(() => lb.batch(1, batch), { windowMs: 10, budgetMs: 40, want: 3 }).ms);
          j.push(quietTime(() => { for (let i = 0; i < batch; i++) idx[i] = r2.below(n); jsLossGrad('softmax', jd, idx, batch, W, bb, dW, db, 1e-3, S); }, { windowMs: 10, budgetMs: 30, want: 3 }).ms);
        }
        const ms = median(a), g = 4 * batch * d * c / ms / 1e6;
        const row = { D: d, C: c, batch, linclass: ms, js: median(j), pk: g / peakG };
        sweep.push(row);
        lines.push(`| ${d} | ${c} | ${batch} | ${fmt(row.linclass)} | ${g.toFixed(1)} | ${row.pk.toFixed(2)} | ${fmt(row.js)} | ${(row.js / row.linclass).toFixed(1)} |`);
      }
      lb.dispose();
      sds.dispose();
    }
  }
  const slower = sweep.filter((r) => r.linclass > r.js);
  lines.push('', slower.length ? `Slower than plain JS: ${slower.map((r) => `D ${r.D} C ${r.C} batch ${r.batch}`).join(', ')}` : 'No shape is slower than the plain JS loops.');
}

// ---- threads table
if (scaling.length) {
  const one = med[`threads: ${SETTINGS[0][0]}`];
  const tcols = ['full softmax', 'epoch softmax', 'batch 4096', 'batch softmax', 'predict 10000'];
  lines.push('', `## Threads (Node, softmax; ms; speedup over 1 thread, each setting in a process of its own, alternating round by round)`, '',
    `| setting | ${tcols.map((c) => c.replace('batch softmax', 'batch 256')).join(' | ')} |`, `|---|${tcols.map(() => '---').join('|')}|`);
  for (const [label] of SETTINGS) {
    const r = med[`threads: ${label}`];
    lines.push(`| ${label} | ${tcols.map((c) => `${fmt(r[c])} ms, ${(one[c] / r[c]).toFixed(2)}×`).join(' | ')} |`);
  }
  const choices = threadRuns[SETTINGS[2][0]].at(-1)?.choices;
  if (choices) lines.push('', `The default's choices at the end of its last run (work = rows × padded features × classes, in half-octaves; 'step 45' is work in [2^22.5, 2^23)): ${Object.entries(choices).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  // how many of the default's calls ran on one thread while each row was timed (every window, quiet or not)
  const ran: Record<string, { shared: number; one: number }> = {};
  for (const run of threadRuns[SETTINGS[2][0]]) {
    for (const [row, c] of Object.entries(run.ran ?? {})) {
      const acc = (ran[row] ??= { shared: 0, one: 0 });
      acc.shared += c.shared;
      acc.one += c.one;
    }
  }
  const shown = tcols.filter((c) => ran[c] && ran[c].shared + ran[c].one > 0);
  if (shown.length) {
    lines.push('', `The default's calls while each row was timed, shared / on one thread (one thread: the every-${CHECK_EVERY}th check, calls still being measured, and stretches where sharing measured slower, e.g. while another process held the second core; the timings keep only quiet windows, so such stretches cost the default and not the "every call shared" row): ` +
      `${shown.map((c) => `${c.replace('batch softmax', 'batch 256')} ${ran[c].shared} / ${ran[c].one} (${(100 * ran[c].one / (ran[c].shared + ran[c].one)).toFixed(1)}%)`).join(', ')}.`);
  }
}

// ---- memory, in a process of its own
let memory: Record<string, number> | null = null;
if (on('MEMORY')) {
  console.log('memory');
  memory = JSON.parse(execFileSync(process.execPath, [join(HERE, 'memory.mjs')], { encoding: 'utf8' }).trim().split('\n').pop()!);
  const m = memory!;
  const over = (m.maxRss - m.datasetBytes) / 2 ** 20;
  const perStep = (m.jsBytesA - m.jsBytesB) / (m.stepsA - m.stepsB);
  lines.push('', '## Memory (49000×3073 training run, its own process, one thread)', '',
    `dataset ${(m.datasetBytes / 2 ** 20).toFixed(0)} MB; Node alone ${(m.baselineRss / 2 ** 20).toFixed(0)} MB RSS after init; peak RSS (VmHWM) ${(m.maxRss / 2 ** 20).toFixed(0)} MB = dataset + ${over.toFixed(0)} MB; ` +
    `wasm memory ${m.wasmBytesAfterFirstEpoch} B after the first epoch, ${m.wasmBytesAfterMoreEpochs} B after two more (${m.wasmBytesAfterFirstEpoch === m.wasmBytesAfterMoreEpochs ? 'no growth' : 'GREW'}); ` +
    `JS heap ≈ ${perStep.toFixed(1)} bytes per step (from ${m.stepsA} and ${m.stepsB}-step epochs).`);
}

// ---- where the time goes: the kernels one by one and the memory rates, in a process of its own
let profile: Record<string, number> | null = null, profile2: Record<string, number> | null = null;
if (on('PROFILE')) {
  console.log('profile');
  const run = (c: number) => JSON.parse(execFileSync(process.execPath, [join(HERE, 'profile.mjs'), String(ROUNDS)],
    { encoding: 'utf8', env: { ...process.env, PROFILE_C: String(c) } }).trim().split('\n').pop()!);
  profile = run(C);
  profile2 = run(2);
}

// ---- parity: the pinned weight hashes, from the built library on one thread and on T
const parity: Record<string, boolean> = {};
{
  const golden = JSON.parse(readFileSync(join(ROOT, 'tests/parity/golden.json'), 'utf8'));
  for (const t of [1, T]) {
    const out = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'tests/parity/node-threads.mjs'), String(t)], { encoding: 'utf8' }).trim().split('\n').pop()!);
    parity[`${t}`] = JSON.stringify(out.hashes) === JSON.stringify(golden);
  }
}

// ---- targets
const L = med[NODE1], Dflt = med[DEFAULT];
const targets: { target: string; measured: string; met: boolean | null }[] = [];
const tgt = (target: string, measured: string, met: boolean | null) => targets.push({ target, measured, met });
for (const row of ['batch softmax', 'batch svm', 'full softmax', 'full svm', 'predict 10000']) {
  const f = frac(row, L[row]);
  tgt(`${row.replace('batch', 'batch-256 step').replace('full', 'full batch')}, one thread ≥ 0.85 of peak`, f.toFixed(2), f >= 0.85);
}
if (sweep.length) {
  const big = sweep.filter((r) => r.D >= 784 && r.batch >= 32);
  const worst = big.reduce((a, b) => (b.pk < a.pk ? b : a));
  const failing = big.filter((r) => r.pk < 0.75);
  tgt('every sweep shape with D ≥ 784 and batch ≥ 32, one thread ≥ 0.75 of peak',
    `min ${worst.pk.toFixed(2)} (D ${worst.D} C ${worst.C} batch ${worst.batch})${failing.length ? `; below: ${failing.map((r) => `${r.D}/${r.C}/${r.batch} ${r.pk.toFixed(2)}`).join(', ')}` : ''}`, failing.length === 0);
}
if (scaling.length) {
  const one = med[`threads: ${SETTINGS[0][0]}`], ceil = median(scaling);
  for (const row of ['full softmax', 'epoch softmax']) {
    const s = one[row] / Dflt[row];
    tgt(`${row.replace('full', 'full batch').replace('epoch', 'epoch at batch 256')}: ${T} threads (default) ≥ 1.8× one thread and ≥ 0.93 of the ceiling`,
      `${s.toFixed(2)}×, ${(s / ceil).toFixed(2)} of ${ceil.toFixed(2)}×`, s >= 1.8 && s / ceil >= 0.93);
  }
  const ratios = ['full softmax', 'epoch softmax', 'batch 4096', 'batch softmax', 'predict 10000', 'batch svm', 'full svm', 'epoch svm'].map((row) => [row, Dflt[row] / one[row]] as const);
  const worst = ratios.reduce((a, b) => (b[1] > a[1] ? b : a));
  // the rounds' spread of the one-thread process says how much two equal settings differ in this run
  const spread = Math.max(...ratios.map(([row]) => {
    const v = results[`threads: ${SETTINGS[0][0]}`][row];
    return Math.max(...v) / Math.min(...v) - 1;
  }));
  tgt(`the default (threads chosen per call) never slower than one thread (every size in the threads table and the main rows)`,
    `worst ${worst[0]}: ${worst[1].toFixed(2)}× the 1-thread time (round-to-round spread of the 1-thread process: ${(spread * 100).toFixed(0)}%)`,
    worst[1] <= 1 + Math.max(0.02, spread));
}
for (const [label, ok] of [['numpy 1 thread', true], ['numpy 1 thread, CORETYPE unset', false]] as const) {
  const n1 = med[label];
  if (!n1) continue;
  const k = ok ? '' : ' (CORETYPE unset)';
  tgt(`batch step, one thread ≤ 0.70× numpy 1 thread${k}`, ['softmax', 'svm'].map((l) => `${l} ${(L[`batch ${l}`] / n1[`batch ${l}`]).toFixed(2)}`).join(', '),
    ['softmax', 'svm'].every((l) => L[`batch ${l}`] / n1[`batch ${l}`] <= 0.7));
  if (Dflt) {
    tgt(`epoch, all cores ≤ 0.45× numpy 1 thread${k}`, ['softmax', 'svm'].map((l) => `${l} ${(Dflt[`epoch ${l}`] / n1[`epoch ${l}`]).toFixed(2)}`).join(', '),
      ['softmax', 'svm'].every((l) => Dflt[`epoch ${l}`] / n1[`epoch ${l}`] <= 0.45));
    tgt(`full batch, all cores ≤ 0.35× numpy 1 thread${k}`, ['softmax', 'svm'].map((l) => `${l} ${(Dflt[`full ${l}`] / n1[`full ${l}`]).toFixed(2)}`).join(', '),
      ['softmax', 'svm'].every((l) => Dflt[`full ${l}`] / n1[`full ${l}`] <= 0.35));
  }
}
if (memory) {
  const over = (memory.maxRss - memory.datasetBytes) / 2 ** 20;
  tgt('peak RSS ≤ dataset + 64 MB', `dataset + ${over.toFixed(0)} MB`, over <= 64);
}
tgt('the bits: the pinned parity hashes (tests/parity/golden.json), 1 and ' + T + ' threads', Object.entries(parity).map(([t, ok]) => `${t}: ${ok ? 'same' : 'CHANGED'}`).join(', '), Object.values(parity).every(Boolean));
tgt('a relaxed-SIMD (FMA) build is an explicit opt-in', 'no relaxed-SIMD build exists; the shipped builds use f32x4.mul + f32x4.add only', null);
const chromeRows = Object.keys(med).filter((k) => k.startsWith('linclass Chromium'));
tgt('the same rows in Chromium (one thread; cross-origin-isolated threads)', browserInfo?.skipped ? String(browserInfo.skipped) : `${chromeRows.length} Chromium rows in the main table`, chromeRows.length === 2);
lines.push('', '## Targets', '', '| target | measured | met |', '|---|---|---|', ...targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met === null ? 'n/a' : t.met ? 'yes' : 'no'} |`));

if (profile) {
  const p = profile;
  lines.push('', '## Where the time goes (one thread; kernels called directly, each against the peak measured beside it)', '',
    `| what | ms | of peak |`, `|---|---|---|`,
    ...Object.entries(p).filter(([k]) => k.endsWith(' ms')).map(([k, ms]) => `| ${k.slice(0, -3)} | ${fmt(ms)} | ${p[`${k.slice(0, -3)} pk`] !== undefined ? p[`${k.slice(0, -3)} pk`].toFixed(2) : '–'} |`),
    '', `Memory rates of one core, reading the rows a step reads with a plain f32x4 loop (no arithmetic): ${p['random rows GB/s'].toFixed(1)} GB/s for rows at random (a batch), ${p['sequential rows GB/s'].toFixed(1)} GB/s in order; a dependent load chain over the dataset: ${p['latency ns'].toFixed(0)} ns per load.`,
    `A batch-256 step reads ${(B * (D + 3) * 4 / 2 ** 20).toFixed(2)} MB of rows at random: ${p['read batch rows ms'].toFixed(3)} ms at that rate, against ${(flops('batch') / peakG / 1e6).toFixed(3)} ms of arithmetic at peak; with the rows in cache the step runs at ${p['step, rows in cache pk'].toFixed(2)} of peak, with the bench's random rows at ${p['step, random rows pk'].toFixed(2)} (the cache-resident time plus ${(p['step, random rows ms'] - p['step, rows in cache ms']).toFixed(3)} ms).`);
  lines.push('', '## Memory against arithmetic (one thread, from the kernels above)', '',
    'For each call: the arithmetic alone (the FLOPs at the rate the kernel reaches with its rows in cache), the reading alone (the rows at the rate one core reads them without arithmetic: at random for a batch, in order otherwise), ' +
    'and the two bounds they give: both fully overlapped (the slower of the two) and one after the other (their sum). WebAssembly has no prefetch instruction; the hardware prefetchers follow a row only within its 4 KB pages.', '',
    '| C | call | measured, of peak | arithmetic alone ms | reading alone ms | bound if overlapped | bound one after the other |', '|---|---|---|---|---|---|---|');
  for (const [c, q] of [[C, p], [2, profile2]] as const) {
    if (!q) continue;
    const Dp = (D + 3) & ~3, rb = Dp * 4, seq = q['sequential rows GB/s'] * 1e6, rnd = q['random rows GB/s'] * 1e6;
    const G = (name: string, fl: number) => fl / q[`${name} ms`] / 1e6 / q[`${name} pk`]; // the peak measured beside that kernel, GFLOP/s
    const cases: [string, string, number, string, number][] = [
      ['batch-256 step, random rows', 'step, random rows', 4 * B * Dp * c, 'step, rows in cache', B * rb / rnd],
      [`full batch (${N} rows in order)`, 'full batch, rows in order', 4 * N * Dp * c, 'step, rows in cache', N * rb / seq],
      ['predict 10000 (rows in order)', 'predict 10000, rows in order', 2 * 10000 * Dp * c, 'predict 256, rows in cache', 10000 * rb / seq],
    ];
    for (const [label, name, fl, cached, readMs] of cases) {
      const g = G(name, fl), arith = fl / (g * 1e6 * q[`${cached} pk`]), atPeak = fl / (g * 1e6);
      lines.push(`| ${c} | ${label} | ${q[`${name} pk`].toFixed(2)} | ${fmt(arith)} | ${fmt(readMs)} | ${(atPeak / Math.max(arith, readMs)).toFixed(2)} | ${(atPeak / (arith + readMs)).toFixed(2)} |`);
    }
  }
}

const md = lines.join('\n') + '\n';
console.log('\n' + md);
mkdirSync(join(HERE, 'results'), { recursive: true });
writeFileSync(join(HERE, 'results/latest.md'), md);
writeFileSync(join(HERE, 'results/latest.json'), JSON.stringify({
  machine, N, D, C, B, steps: STEPS, rounds: ROUNDS, peakGflops: peakG, peaks, scaling, medians: med, raw: results, sweep, memory, profile, profile2,
  threads: threadRuns, browser: browserInfo, blas, parity, targets,
}, null, 2) + '\n');
process.exit(0);
