// Hostile files: thousands of mutated model files (binary and JSON), IDX files
// (raw and gzip'd, whole and streamed), CIFAR-10 batches and CSV texts —
// truncated, extended, bit-flipped, overwritten, spliced, with wrong magic,
// huge declared sizes and wrong checksums (or right ones recomputed, to reach
// the later checks). Each must load correctly or fail with a LinclassError
// ('INVALID_DATA'), within a bounded time, without its largest single
// allocation exceeding what the file's bytes justify, and without growing
// WebAssembly memory. What loads is checked: a model re-saves to the same bytes
// and predicts; data has the shape it claims and only finite values.
// (The shipped bundles' freedom from eval and their run under a strict CSP are
// tested in tests/ship.test.ts.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync as gzipBuffer, createGunzip } from 'node:zlib';
import {
  init, LinearClassifier, LinclassError, Dataset, parseCsv, readCsv, parseIdx, readIdx, readIdxPair, readCifar10,
} from '../../src/index.js';
import { crc32 } from '../../src/io/crc32.js';
import { rand, uniform, labels, idxBytes } from '../util.js';

const r = rand(31337);
const int = (n: number): number => Math.floor(r() * n);
const pick = <T>(a: readonly T[]): T => a[int(a.length)];

// ---- the largest single allocation a call makes -----------------------------
//
// The typed-array constructors (and ArrayBuffer) are wrapped for the test's
// duration: a construction from a length or from an array-like records its
// byte size; views on an existing buffer (WebAssembly memory) allocate nothing
// and are not counted. Library code looks these constructors up on the global
// object at each call, so every allocation it makes by `new` or `.from` is seen.

const CTORS = ['ArrayBuffer', 'Uint8Array', 'Int8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array'] as const;
const g = globalThis as unknown as Record<string, unknown>;
const originals = Object.fromEntries(CTORS.map((n) => [n, g[n]])) as Record<string, new (...a: unknown[]) => unknown>;
const OrigArrayBuffer = ArrayBuffer, OrigShared = SharedArrayBuffer;
let largest = 0;

function install(): void {
  for (const name of CTORS) {
    const target = originals[name] as unknown as { BYTES_PER_ELEMENT?: number } & (new (...a: unknown[]) => unknown);
    const size = target.BYTES_PER_ELEMENT ?? 1;
    const proxy: unknown = new Proxy(target, {
      construct(t, args, newTarget) {
        const a0 = args[0];
        let bytes = 0;
        if (typeof a0 === 'number') bytes = a0 * size;
        else if (typeof a0 === 'object' && a0 !== null && !(a0 instanceof OrigArrayBuffer) && !(a0 instanceof OrigShared)) {
          const len = (a0 as { length?: unknown }).length;
          if (typeof len === 'number') bytes = len * size;
        }
        if (bytes > largest) largest = bytes;
        return Reflect.construct(t, args, newTarget === proxy ? t : newTarget);
      },
    });
    g[name] = proxy;
  }
}

function uninstall(): void {
  for (const name of CTORS) g[name] = originals[name];
}

// ---- mutations ------------------------------------------------------------------

type Mutation = [string, (b: Uint8Array) => Uint8Array];

const bytesOf = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => int(256));

/** Generic damage any file can suffer. */
const GENERIC: Mutation[] = [
  ['truncated', (b) => b.slice(0, int(b.length))],
  ['extended', (b) => { const o = new Uint8Array(b.length + 1 + int(64)); o.set(b); o.set(bytesOf(o.length - b.length), b.length); return o; }],
  ['bit flips', (b) => { const o = b.slice(); for (let k = 1 + int(8); k > 0; k--) if (o.length) o[int(o.length)] ^= 1 << int(8); return o; }],
  ['one bit flip', (b) => { const o = b.slice(); if (o.length) o[int(o.length)] ^= 1 << int(8); return o; }],
  ['bytes overwritten', (b) => { const o = b.slice(); for (let k = 1 + int(16); k > 0; k--) if (o.length) o[int(o.length)] = int(256); return o; }],
  ['a run overwritten', (b) => { const o = b.slice(); const at = int(o.length), n = 1 + int(32); o.fill(pick([0, 255, int(256)]), at, at + n); return o; }],
  ['a chunk deleted', (b) => { const at = int(b.length), n = 1 + int(16); return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + n)]); }],
  ['a chunk duplicated', (b) => { const at = int(b.length), n = 1 + int(16); return Uint8Array.from([...b.subarray(0, at + n), ...b.subarray(at)]); }],
  ['random bytes', (b) => bytesOf(b.length)],
  ['empty', () => new Uint8Array(0)],
  ['the head alone', (b) => b.slice(0, int(32))],
];

/** A big-endian or little-endian uint32/uint16 field set to an extreme value. */
function field(at: number, width: 1 | 2 | 4, little: boolean): Mutation {
  return [`field at ${at}`, (b) => {
    const o = b.slice();
    if (o.length < at + width) return o;
    const dv = new DataView(o.buffer);
    const v = pick([0, 1, 2, 7, 255, 256, 65535, 65536, 65537, 2 ** 24, 2 ** 24 + 1, 2 ** 31, 2 ** 32 - 1, int(2 ** 32)]) % 2 ** (8 * width);
    if (width === 1) dv.setUint8(at, v);
    else if (width === 2) dv.setUint16(at, v, little);
    else dv.setUint32(at, v, little);
    return o;
  }];
}

// ---- outcomes -----------------------------------------------------------------

interface Tally { files: number; loaded: number; refused: number; slowest: number; ratio: number }
const tallies: Record<string, Tally> = {};
/** Mutated files made (some are read more than one way, so loads outnumber them). */
let made = 0;
const failures: string[] = [];

/**
 * Runs one load: records its time, its largest allocation against `bound`, and
 * that it either returned (then `check` judges the result) or threw a LinclassError.
 */
async function attempt<T>(kind: string, what: string, bound: number, load: () => T | Promise<T>, check: (v: T) => void | Promise<void>): Promise<void> {
  const t = (tallies[kind] ??= { files: 0, loaded: 0, refused: 0, slowest: 0, ratio: 0 });
  t.files++;
  largest = 0;
  const t0 = performance.now();
  let value: T | undefined, error: unknown;
  try {
    value = await load();
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t0, big = largest;
  t.slowest = Math.max(t.slowest, ms);
  t.ratio = Math.max(t.ratio, big / bound);
  if (ms > 1000) failures.push(`${kind} ${what}: took ${ms.toFixed(0)} ms`);
  if (big > bound) failures.push(`${kind} ${what}: allocated ${big} bytes in one piece, more than the ${bound} its bytes justify`);
  if (error === undefined) {
    t.loaded++;
    try {
      await check(value as T);
    } catch (e) {
      failures.push(`${kind} ${what}: loaded, but ${(e as Error).message}`);
    }
  } else if (!(error instanceof LinclassError)) {
    failures.push(`${kind} ${what}: ${(error as Error)?.constructor?.name}: ${(error as Error)?.message ?? String(error)}`);
  } else {
    t.refused++;
    if (error.code !== 'INVALID_DATA') failures.push(`${kind} ${what}: code ${error.code} (${error.message})`);
    if (!/\.$/.test(error.message)) failures.push(`${kind} ${what}: message is not a sentence: ${error.message}`);
  }
  if (failures.length > 50) throw new Error(`too many failures:\n${failures.join('\n')}`);
}

/** A stream of `bytes` in random-sized chunks. */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let o = 0;
  const sizes = [1, 3, 7, 64, 1000, 1 << 16];
  return new ReadableStream({
    pull(ctrl) {
      if (o >= bytes.length) return ctrl.close();
      const n = pick(sizes);
      ctrl.enqueue(bytes.slice(o, o + n));
      o += n;
    },
  });
}

/** Bytes gzip data inflates to before it ends or fails (zlib, as DecompressionStream uses). */
function inflatedLength(gz: Uint8Array): Promise<number> {
  return new Promise((resolve) => {
    let n = 0;
    const z = createGunzip();
    z.on('data', (c: Uint8Array) => { n += c.length; });
    z.on('end', () => resolve(n));
    z.on('error', () => resolve(n));
    z.end(gz);
  });
}

const isGz = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
/** gzip as a plain Uint8Array (a Node Buffer's slice() would share memory with the original). */
const gzipSync = (b: Uint8Array): Uint8Array => Uint8Array.from(gzipBuffer(b));

let wasm0 = 0, rss0 = 0, heap0 = 0;
before(async () => {
  await init();
  install();
});
after(() => uninstall());

// ---- model files ------------------------------------------------------------------

const probe = uniform(r, 4 * 13, 0, 255);

function models(): Uint8Array[] {
  const out: Uint8Array[] = [];
  // the last two carry class labels (strings, then integers): the file's classes section
  const named = [null, null, null, null, ['b', 'ä', 'longer label', 'a', '猫'], [-3, 7, 1000]] as const;
  for (const [k, [loss, penalty, D, C, mean]] of ([['svm', 'l2', 7, 3, true], ['softmax', 'l1', 1, 2, false], ['softmax', 'elasticnet', 13, 5, true],
    ['svm', 'none', 4, 2, false], ['softmax', 'l2', 3, 5, true], ['svm', 'l1', 2, 3, false]] as const).entries()) {
    const X = uniform(r, 30 * D, 0, 255), codes = labels(r, 30, C), names = named[k];
    const y = names ? Array.from(codes, (c) => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[c]) : codes;
    const pre = mean ? { scale: 1 / 255, mean: uniform(r, D, 0, 1) } : undefined;
    const clf = new LinearClassifier<number | string>({ loss, penalty, numFeatures: D, reg: 1e-3, seed: 9, ...(names ? { classes: [...names] } : { numClasses: C }), ...(pre ? { preprocessing: pre } : {}) });
    clf.fit({ X, y: y as never }, { epochs: 2, batchSize: 8, learningRate: 0.05 });
    out.push(clf.save());
    clf.dispose();
  }
  return out;
}

/** The model file's own fields: magic, version, header size, D, C, codes, flags, seed, the float64 options. */
const MODEL_FIELDS: Mutation[] = [
  field(0, 4, true), field(8, 2, true), field(10, 2, true), field(12, 4, true), field(16, 4, true), field(20, 1, true),
  field(21, 1, true), field(22, 1, true), field(23, 1, true), field(24, 4, true), field(28, 4, true),
  ...[32, 40, 48, 56].map((at): Mutation => [`float64 at ${at}`, (b) => {
    const o = b.slice();
    if (o.length >= at + 8) new DataView(o.buffer).setFloat64(at, pick([NaN, Infinity, -Infinity, -1, 0, -0, 1e-300, 5e-324, 1e300, 2 ** 53, 1e-9, 0.5]), true);
    return o;
  }]),
  ['a weight set', (b) => {
    const o = b.slice();
    if (o.length > 72) new DataView(o.buffer).setFloat32(64 + 4 * int((o.length - 68) / 4), pick([NaN, Infinity, -Infinity, 3e38, -0, 1e-45]), true);
    return o;
  }],
  ['huge D and C', (b) => {
    const o = b.slice();
    if (o.length >= 20) { const dv = new DataView(o.buffer); dv.setUint32(12, 2 ** 24, true); dv.setUint32(16, 65536, true); }
    return o;
  }],
  ['wrong magic', (b) => { const o = b.slice(); o[int(8)] ^= 1 + int(255); return o; }],
  ['wrong checksum', (b) => { const o = b.slice(); o[o.length - 1 - int(4)] ^= 1 + int(255); return o; }],
];

/**
 * A loaded model scores raw rows: finite scores, unless its (finite) weights are
 * so large that |b| + Σ|w·x| passes float32's range, or its preprocessing makes
 * a raw feature overflow — which must be a clear error.
 */
function scoresOrClearError(clf: LinearClassifier): void {
  const D = clf.numFeatures, X = probe.subarray(0, 4 * D);
  let s: Float32Array;
  try {
    s = clf.scores(X);
  } catch (e) {
    assert.ok(e instanceof LinclassError && e.code === 'INVALID_DATA', `scores threw ${String(e)}`);
    return;
  }
  if (s.every(Number.isFinite)) return;
  const W = clf.coef, b = clf.intercept, { scale, mean } = clf.preprocessing;
  let reach = 0;
  for (let c = 0; c < clf.numClasses; c++) {
    let a = Math.abs(b[c]);
    for (let d = 0; d < D; d++) a += Math.abs(W[c * D + d]) * (255 * scale + Math.abs(mean ? mean[d] : 0));
    reach = Math.max(reach, a);
  }
  assert.ok(reach > 3.4e38 / 4, `scores are not finite, though |b| + Σ|w·x| ≤ ${reach.toExponential(2)}`);
}

/** Recomputes the trailing CRC-32, so the checks after it are reached. */
function reseal(b: Uint8Array): Uint8Array {
  if (b.length >= 8) new DataView(b.buffer, b.byteOffset).setUint32(b.length - 4, crc32(b, 0, b.length - 4), true);
  return b;
}

test('fuzz: model files (.lcm) and their JSON', async () => {
  failures.length = 0;
  const bases = models();
  for (const b of bases) LinearClassifier.load(b).dispose(); // the heap has held each model once
  wasm0 = (await import('../../src/runtime/module.js')).kernels().memory.buffer.byteLength;
  rss0 = process.memoryUsage().rss;
  heap0 = process.memoryUsage().heapUsed;
  const all = [...GENERIC, ...MODEL_FIELDS];
  for (let i = 0; i < 3000; i++) {
    const base = pick(bases);
    let [name, mutate] = pick(all);
    let bytes = mutate(base);
    made++;
    if (i % 3 === 0) { bytes = reseal(bytes); name += ', resealed'; }
    if (i % 7 === 0) { const [n2, m2] = pick(all); bytes = reseal(m2(bytes)); name += ` + ${n2}, resealed`; }
    await attempt('model', `#${i} (${name})`, 2 * bytes.length + 4096, () => LinearClassifier.load(i % 2 ? bytes : bytes.slice().buffer), (clf) => {
      try {
        // what loads re-saves to the same bytes, but for the reserved bytes, which a writer sets to 0,
        // and the version: a version-1 file is written back as version 2 (the same layout without labels)
        const want = bytes.slice();
        want[23] = 0;
        want.fill(0, 28, 32);
        want[8] = 2;
        assert.deepEqual(clf.save(), reseal(want), 're-saved bytes differ');
        scoresOrClearError(clf);
      } finally {
        clf.dispose();
      }
    });
  }
  const json = bases.map((b) => { const c = LinearClassifier.load(b); const t = JSON.stringify(c); c.dispose(); return t; });
  const alphabet = '0123456789-+.eE,:[]{}" nulltruefalseNaN';
  for (let i = 0; i < 800; i++) {
    let text = pick(json);
    made++;
    for (let k = 1 + int(3); k > 0; k--) {
      const at = int(text.length), c = alphabet[int(alphabet.length)];
      text = pick([
        () => text.slice(0, at) + c + text.slice(at + 1), () => text.slice(0, at) + c + text.slice(at),
        () => text.slice(0, at) + text.slice(at + 1 + int(8)), () => text.slice(0, at),
        () => text.replace(/"(numFeatures|numClasses)":\d+/, `"$1":${pick([0, 1, 2 ** 24, 2 ** 24 + 1, 65536, 1e9, -1])}`),
      ])();
    }
    await attempt('JSON', `#${i}`, 4 * text.length + 4096, () => LinearClassifier.fromJSON(text), (clf) => {
      try {
        scoresOrClearError(clf);
      } finally {
        clf.dispose();
      }
    });
  }
  assert.deepEqual(failures, []);
});

// ---- IDX -------------------------------------------------------------------------

/** An IDX file: magic 0 0 type ndim, big-endian sizes and values. */
function idx(type: number, shape: number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  return idxBytes(type, shape, Array.from({ length: count }, () => {
    const v = r();
    return type === 0x0d || type === 0x0e ? v : int(type === 0x08 ? 256 : 10);
  }));
}

const IDX_FIELDS: Mutation[] = [field(0, 4, false), field(2, 1, false), field(3, 1, false), field(4, 4, false), field(8, 4, false), field(12, 4, false),
  ['huge sizes', (b) => { const o = b.slice(); const dv = new DataView(o.buffer); for (let at = 4; at + 4 <= Math.min(16, o.length); at += 4) dv.setUint32(at, 0xffffffff); return o; }]];

/** Checks what readIdx returned: a shape whose product is the data's length. */
function checkIdx(v: { shape: number[]; data: ArrayLike<number> }): void {
  assert.equal(v.shape.reduce((a, b) => a * b, 1), v.data.length, 'shape and data disagree');
}

test('fuzz: IDX files, raw and gzip\'d, whole and streamed, alone and in pairs', async () => {
  failures.length = 0;
  const images = idx(0x08, [40, 6, 5]), lab = idx(0x08, [40]);
  const others = [idx(0x09, [12, 2]), idx(0x0b, [9]), idx(0x0c, [7, 3]), idx(0x0d, [10, 3]), idx(0x0e, [5, 2]), images, lab];
  const all = [...GENERIC, ...IDX_FIELDS];
  for (let i = 0; i < 2500; i++) {
    const base = pick(others);
    const [name, mutate] = pick(all);
    const gz = i % 2 === 1;
    // gzip'd files are damaged before compression (a damaged IDX inside good gzip) or after (damaged gzip)
    const bytes = gz ? (i % 4 === 1 ? gzipSync(mutate(base)) : mutate(gzipSync(base))) : mutate(base);
    made++;
    const inflated = isGz(bytes) ? await inflatedLength(bytes) : bytes.length;
    const bound = 2 * Math.max(bytes.length, inflated) + 65536;
    const what = `#${i} (${gz ? 'gzip, ' : ''}${name})`;
    if (!isGz(bytes)) await attempt('IDX (parseIdx)', what, bound, () => parseIdx(bytes), checkIdx);
    await attempt('IDX (readIdx)', what, bound, () => readIdx(i % 3 === 0 ? streamOf(bytes) : bytes), checkIdx);
    if (i % 5 === 0) {
      const [imgs, labs] = i % 10 === 0 ? [bytes, lab] : [images, bytes];
      await attempt('IDX (readIdxPair)', what, 4 * bound + 4 * images.length, () => readIdxPair(imgs, labs), (v) => {
        assert.equal(v.X.length, v.y.length * v.numFeatures, 'rows and labels disagree');
        assert.ok(v.y.every((l) => Number.isInteger(l) && l >= 0), 'a label is not a non-negative integer');
      });
    }
  }
  assert.deepEqual(failures, []);
});

// ---- CIFAR-10 ---------------------------------------------------------------------

test('fuzz: CIFAR-10 batches', async () => {
  failures.length = 0;
  const record = () => Uint8Array.from([int(10), ...bytesOf(3072)]);
  const batch = Uint8Array.from([...record(), ...record(), ...record()]);
  const CIFAR_FIELDS: Mutation[] = [['a label above 9', (b) => { const o = b.slice(); o[3073 * int(3)] = 10 + int(246); return o; }],
    ['a record cut', (b) => b.slice(0, 3073 * (1 + int(2)) + 1 + int(3072))]];
  const all = [...GENERIC, ...CIFAR_FIELDS];
  for (let i = 0; i < 600; i++) {
    const [name, mutate] = pick(all);
    const gz = i % 3 === 2;
    const bytes = gz ? gzipSync(mutate(batch)) : mutate(batch);
    made++;
    const inflated = gz ? await inflatedLength(bytes) : bytes.length;
    const sources = i % 4 === 0 ? [batch, bytes] : [bytes];
    const total = inflated + (sources.length - 1) * batch.length;
    await attempt('CIFAR-10', `#${i} (${gz ? 'gzip, ' : ''}${name})`, 2 * total + 65536,
      () => readCifar10(sources.map((s) => (i % 5 === 0 ? streamOf(s) : s))), (v) => {
        assert.equal(v.X.length, v.y.length * 3072, 'rows and labels disagree');
        assert.ok(v.y.every((l) => l >= 0 && l <= 9), 'a label outside 0–9');
      });
  }
  assert.deepEqual(failures, []);
});

// ---- CSV ---------------------------------------------------------------------------

test('fuzz: CSV texts (as text, bytes, gzip\'d streams)', async () => {
  failures.length = 0;
  const rows = Array.from({ length: 40 }, () => [...uniform(r, 5, -100, 100)].map((v) => v.toPrecision(4)).join(',') + `,${int(4)}`);
  const base = `a,b,c,d,e,label\n${rows.join('\n')}\n`;
  const pieces = ['0', '7', ',', '\n', '\r\n', '-', '+', '.', 'e', 'E', ' ', 'x', '"', 'NaN', 'Infinity', '-Infinity', '1e39', '-1e39', '3.5e38',
    '1e-50', '0x1F', '1_0', '', '2147483648', '-0', '\t', 'é', '\u0000'];
  const enc = new TextEncoder();
  for (let i = 0; i < 2000; i++) {
    let text = base;
    made++;
    for (let k = 1 + int(4); k > 0; k--) {
      const at = int(text.length), p = pick(pieces);
      text = pick([
        () => text.slice(0, at) + p + text.slice(at + 1), () => text.slice(0, at) + p + text.slice(at), () => text.slice(0, at) + text.slice(at + 1 + int(12)),
        () => text.slice(0, at), () => { const ls = text.split('\n'); ls.splice(int(ls.length), 0, pick(ls)); return ls.join('\n'); },
      ])();
    }
    const options = pick([{}, { labelColumn: 'label' }, { labelColumn: -1 }, { labelColumn: null }, { header: true }, { labelColumn: 2 }] as const);
    const bound = 4 * enc.encode(text).length + 8192;
    let parsed: unknown = null, parseError = '';
    await attempt('CSV (parseCsv)', `#${i}`, bound, () => parseCsv(text, options as never), (v) => { parsed = v; checkCsv(v); });
    if (parsed === null) parseError = 'refused';
    const bytes = enc.encode(text);
    const source = i % 3 === 0 ? streamOf(gzipSync(bytes)) : i % 3 === 1 ? streamOf(bytes) : bytes;
    await attempt('CSV (readCsv)', `#${i}`, bound + (i % 3 === 0 ? 65536 : 0), () => readCsv(source, options as never), (v) => {
      checkCsv(v);
      assert.ok(parseError === '', 'readCsv loaded what parseCsv refused');
      assert.deepEqual(v, parsed, 'readCsv and parseCsv disagree');
    });
  }
  assert.deepEqual(failures, []);
});

/** What a CSV reader returned: finite float32 features, integer labels ≥ 0, shapes that agree, and a Dataset it makes. */
function checkCsv(v: { X: Float32Array; y: Int32Array | null; numFeatures: number }): void {
  assert.ok(v.numFeatures >= 1, 'no features');
  assert.ok(v.X.every(Number.isFinite), 'a feature is not finite');
  if (v.y) {
    assert.equal(v.X.length, v.y.length * v.numFeatures, 'rows and labels disagree');
    assert.ok(v.y.every((l) => l >= 0), 'a negative label');
  } else assert.equal(v.X.length % v.numFeatures, 0, 'a partial row');
  Dataset.from(v.X, v.y, { numFeatures: v.numFeatures }).dispose();
}

test('fuzz: nothing grew — WebAssembly memory flat, process memory bounded; the counts', async () => {
  const { kernels } = await import('../../src/runtime/module.js');
  const wasm1 = kernels().memory.buffer.byteLength;
  const { rss, heapUsed } = process.memoryUsage();
  const files = Object.values(tallies).reduce((a, t) => a + t.files, 0);
  console.log(`# fuzz: ${made} mutated files, ${files} loads (${Object.entries(tallies).map(([k, t]) => `${k} ${t.files}: ${t.loaded} loaded, ${t.refused} refused, slowest ${t.slowest.toFixed(1)} ms, largest allocation ${(100 * t.ratio).toFixed(0)}% of its bound`).join('; ')})`);
  console.log(`# fuzz memory: WebAssembly ${wasm0} → ${wasm1} bytes; RSS ${(rss0 / 2 ** 20).toFixed(0)} → ${(rss / 2 ** 20).toFixed(0)} MiB; JS heap ${(heap0 / 2 ** 20).toFixed(1)} → ${(heapUsed / 2 ** 20).toFixed(1)} MiB`);
  assert.equal(wasm1, wasm0, 'WebAssembly memory grew');
  assert.ok(rss - rss0 < 256 * 2 ** 20, `RSS grew by ${((rss - rss0) / 2 ** 20).toFixed(0)} MiB`);
  assert.ok(made >= 5000, `${made} files`);
});
