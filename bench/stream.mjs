// Training beyond memory: one epoch of fitStream over a seeded synthetic stream
// of GIB GiB of float32 features (default 8; D 3073, C 10, generated on the fly
// and never held), with its peak RSS, against in-memory fit on the same first
// rows. Each measurement runs in a plain Node process of its own on the built
// library (dist/linclass.mjs, threads as init() picks them), so each peak RSS is
// its own:
//   generate   the stream alone (generation cost, no training)
//   memory     fit on the first PREFIX rows, held in a Dataset
//   prefix     fitStream over the same PREFIX rows
//   stream     fitStream over all the rows (the GIB GiB)
// Writes bench/results/stream.md and .json. Run after `npm run build`:
//   node bench/stream.mjs > bench/results/stream.log 2>&1 &
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const D = 3073, C = 10, SEED = 7;
const GIB = Number(process.env.GIB ?? 8);
const ROWS = Math.floor((GIB * 2 ** 30) / (4 * D));
const PREFIX = Number(process.env.PREFIX ?? 49152);
const CHUNK = 1024;
const OPTIONS = { epochs: 1, batchSize: 256, optimizer: 'adam', learningRate: 1e-3, bufferRows: 16384, seed: 1 };
const TEST_ROWS = 5000;

/** Class templates: ±0.05 per feature, seeded. */
function templates() {
  let s = 0x9e3779b9;
  const T = new Float32Array(C * D);
  for (let i = 0; i < T.length; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    T[i] = ((s >>> 0) / 2 ** 32 - 0.5) * 0.1;
  }
  return T;
}

/**
 * Rows `from` … `to` − 1 of the seeded stream, CHUNK rows a chunk (one buffer
 * reused: each chunk is read before the next is asked for): row r has label
 * hash(r) mod C and features template[label] + uniform noise in [−1, 1), the
 * last feature 1 (the bias column of CIFAR-10's 3073). Row r depends on r alone.
 */
function* rows(T, from, to) {
  const X = new Float32Array(CHUNK * D), y = new Int32Array(CHUNK);
  for (let r0 = from; r0 < to; r0 += CHUNK) {
    const n = Math.min(CHUNK, to - r0);
    for (let i = 0; i < n; i++) {
      let s = (Math.imul(r0 + i + 1, 0x9e3779b1) ^ SEED) | 1;
      s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
      const c = (s >>> 0) % C, t = c * D, o = i * D;
      y[i] = c;
      for (let d = 0; d < D - 1; d++) {
        s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
        X[o + d] = T[t + d] + s * 4.656612873077393e-10;
      }
      X[o + D - 1] = 1;
    }
    yield { X: X.subarray(0, n * D), y: y.subarray(0, n) };
  }
}

async function child(mode) {
  const { init, LinearClassifier, Dataset, wasmMemoryBytes, threadInfo } = await import(new URL('../dist/linclass.mjs', import.meta.url).href);
  await init();
  const T = templates();
  const test = { X: new Float32Array(TEST_ROWS * D), y: new Int32Array(TEST_ROWS) };
  let at = 0;
  for (const ch of rows(T, 2 ** 30, 2 ** 30 + TEST_ROWS)) { test.X.set(ch.X, at * D); test.y.set(ch.y, at); at += ch.y.length; }
  const clf = new LinearClassifier({ numFeatures: D, numClasses: C, reg: 1e-4, seed: 3 });
  const n = mode === 'stream' || mode === 'generate' ? ROWS : PREFIX;
  let seconds, extra = {};
  if (mode === 'generate') {
    const t0 = performance.now();
    let sum = 0;
    for (const ch of rows(T, 0, n)) sum += ch.X[0];
    seconds = (performance.now() - t0) / 1000;
    extra = { checksum: sum };
  } else if (mode === 'memory') {
    const ds = Dataset.create(n, { numFeatures: D, labels: true });
    let r = 0;
    for (const ch of rows(T, 0, n)) { ds.setRows(r, ch.X, ch.y); r += ch.y.length; }
    const { bufferRows, ...o } = OPTIONS;
    const t0 = performance.now();
    clf.fit(ds, o);
    seconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    clf.evaluate(ds);
    extra = { endOfEpochEvaluationSeconds: (performance.now() - t1) / 1000 };
  } else {
    const t0 = performance.now();
    const h = await clf.fitStream(() => rows(T, 0, n), OPTIONS);
    seconds = (performance.now() - t0) / 1000;
    extra = { epochRows: h.epochs[0].rows, steps: h.epochs[0].steps, meanStepLoss: h.epochs[0].loss };
  }
  const accuracy = mode === 'generate' ? null : clf.score(test.X, test.y);
  console.log(JSON.stringify({
    mode, rows: n, featureBytes: n * D * 4, seconds, rowsPerSecond: n / seconds, accuracy,
    maxRss: process.resourceUsage().maxRSS * 1024, wasmBytes: wasmMemoryBytes(), threads: threadInfo().threads, ...extra,
  }));
}

function parent() {
  const self = fileURLToPath(import.meta.url);
  const out = {};
  const load0 = loadavg()[0];
  for (const mode of ['generate', 'memory', 'prefix', 'stream']) {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [self, mode], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`${mode} failed (${r.status}):\n${r.stderr}`);
    out[mode] = JSON.parse(r.stdout.trim().split('\n').at(-1));
    console.log(`${mode}: ${JSON.stringify(out[mode])} (${((Date.now() - t0) / 1000).toFixed(1)} s wall)`);
  }
  const mib = (b) => (b / 2 ** 20).toFixed(0);
  const f = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const line = (name, r) => `| ${name} | ${f(r.rows)} | ${(r.featureBytes / 2 ** 30).toFixed(2)} GiB | ${f(r.seconds, 1)} s | ${f(r.rowsPerSecond)} | ${mib(r.maxRss)} MiB | ${r.accuracy === null ? '–' : r.accuracy.toFixed(4)} |`;
  const md = [
    '# Training beyond memory',
    '',
    `One epoch over a seeded synthetic stream (D ${D}, C ${C}, float32 features generated on the fly), ${cpus()[0].model.trim()}, ${cpus().length} cores, ${mib(totalmem())} MiB, Node ${process.version}, threads ${out.stream.threads}.`,
    `Load average (1 min) ${load0.toFixed(2)} at the start and ${loadavg()[0].toFixed(2)} at the end: other processes share the cores, and the seconds include their share.`,
    `Options: ${JSON.stringify(OPTIONS)} (fit: the same without bufferRows). Accuracy on ${TEST_ROWS} held-out rows of the same distribution.`,
    '',
    '| run | rows | features | seconds | rows/s | peak RSS | test accuracy |',
    '|---|---|---|---|---|---|---|',
    line('generate only (no training)', out.generate),
    line(`fit, in memory (first ${f(PREFIX)} rows; includes fit's end-of-epoch pass over them, ${f(out.memory.endOfEpochEvaluationSeconds, 2)} s)`, out.memory),
    line(`fitStream (same ${f(PREFIX)} rows)`, out.prefix),
    line(`fitStream (${GIB} GiB)`, out.stream),
    '',
    `fitStream over the ${GIB} GiB stream: ${f(out.stream.rowsPerSecond)} rows/s = ${(out.stream.rowsPerSecond / out.memory.rowsPerSecond).toFixed(2)}× in-memory fit's rows/s, generation included ` +
      `(training alone, less the generator's time: ${f(out.stream.rows / (out.stream.seconds - out.generate.seconds))} rows/s); peak RSS ${mib(out.stream.maxRss)} MiB ` +
      `(${out.stream.maxRss < 2 ** 30 ? 'under' : 'OVER'} 1 GiB) for ${(out.stream.featureBytes / 2 ** 30).toFixed(2)} GiB of features.`,
    '',
  ].join('\n');
  mkdirSync(new URL('results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('results/stream.md', import.meta.url), md);
  writeFileSync(new URL('results/stream.json', import.meta.url), JSON.stringify({ D, C, GIB, ROWS, PREFIX, OPTIONS, ...out }, null, 2) + '\n');
  console.log(md);
}

if (process.argv[2]) await child(process.argv[2]);
else parent();
