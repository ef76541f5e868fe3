// Hostile ONNX files: thousands of mutations of linclass's exports, the
// scikit-learn fixtures and files skl2onnx wrote — truncated, extended,
// bit-flipped, overwritten, spliced, and protobuf-aware damage (a length or a
// varint set to a huge value, a field's key changed, a tensor's dims or data
// type changed). Each must load or fail with a LinclassError (INVALID_DATA for a
// damaged file, NOT_SUPPORTED for a valid graph that is no linear classifier),
// with a message that is a sentence, within a bounded time, without its largest
// single allocation exceeding what the file's bytes justify, and without
// growing WebAssembly memory. What loads predicts, and exports again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { init, LinearClassifier, LinclassError, readONNX } from '../../src/index.js';
import { rand, uniform, labels } from '../util.js';

const r = rand(4242);
const int = (n: number): number => Math.floor(r() * n);
const pick = <T>(a: readonly T[]): T => a[int(a.length)];

// The typed-array constructors are wrapped (as in fuzz.test.ts): the largest allocation a call makes.
const CTORS = ['ArrayBuffer', 'Uint8Array', 'Int8Array', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array'] as const;
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
const uninstall = (): void => { for (const name of CTORS) g[name] = originals[name]; };

type Mutation = [string, (b: Uint8Array) => Uint8Array];
const bytesOf = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => int(256));

/** A varint's bytes. */
function varint(v: number): number[] {
  const out: number[] = [];
  while (v >= 0x80) { out.push((v % 128) | 0x80); v = Math.floor(v / 128); }
  out.push(v);
  return out;
}

/** Offsets where a length-delimited field's length starts (key byte with wire type 2, then a varint). */
function lengthSites(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < b.length; i++) if ((b[i] & 7) === 2 && b[i] >> 3 >= 1 && b[i] < 0x80) out.push(i + 1);
  return out;
}

const splice = (b: Uint8Array, at: number, cut: number, put: number[]): Uint8Array => Uint8Array.from([...b.subarray(0, at), ...put, ...b.subarray(at + cut)]);

const MUTATIONS: Mutation[] = [
  ['truncated', (b) => b.slice(0, int(b.length))],
  ['extended', (b) => Uint8Array.from([...b, ...bytesOf(1 + int(64))])],
  ['bit flips', (b) => { const o = b.slice(); for (let k = 1 + int(8); k > 0; k--) o[int(o.length)] ^= 1 << int(8); return o; }],
  ['one bit flip', (b) => { const o = b.slice(); o[int(o.length)] ^= 1 << int(8); return o; }],
  ['bytes overwritten', (b) => { const o = b.slice(); for (let k = 1 + int(16); k > 0; k--) o[int(o.length)] = int(256); return o; }],
  ['a run overwritten', (b) => { const o = b.slice(); const at = int(o.length); o.fill(pick([0, 0x80, 255, int(256)]), at, at + 1 + int(32)); return o; }],
  ['a chunk deleted', (b) => splice(b, int(b.length), 1 + int(16), [])],
  ['a chunk duplicated', (b) => { const at = int(b.length), n = 1 + int(16); return splice(b, at, 0, [...b.subarray(at, at + n)]); }],
  ['random bytes', (b) => bytesOf(b.length)],
  ['empty', () => new Uint8Array(0)],
  ['a length made huge', (b) => { const s = lengthSites(b); if (!s.length) return b; const at = pick(s); return splice(b, at, 1, varint(pick([2 ** 31 - 1, 2 ** 32, 2 ** 53, 1e6, b.length]))); }],
  ['a length off by some', (b) => { const o = b.slice(); const s = lengthSites(o); if (s.length) { const at = pick(s); o[at] = (o[at] + pick([1, -1, 2, 64])) & 0x7f; } return o; }],
  ['a varint of ten 0xff', (b) => splice(b, int(b.length), 0, [...Array(10).fill(0xff), 1])],
  ['a key changed', (b) => { const o = b.slice(); const s = lengthSites(o); if (s.length) o[pick(s) - 1] = int(128); return o; }],
  ['a dims varint made huge', (b) => { const o = b.slice(); for (let i = 0; i + 1 < o.length; i++) if (o[i] === 0x08 && r() < 0.2) return splice(o, i + 1, 1, varint(pick([2 ** 31, 2 ** 40, 65536, 0]))); return o; }],
  ['a data type changed', (b) => { const o = b.slice(); for (let i = 0; i + 1 < o.length; i++) if (o[i] === 0x10 && o[i + 1] <= 16 && r() < 0.3) { o[i + 1] = pick([0, 2, 6, 7, 8, 9, 10, 11, 16]); break; } return o; }],
  ['a string renamed', (b) => { const o = b.slice(); const t = Buffer.from(o); for (const w of ['Gemm', 'Softmax', 'ArgMax', 'Mul', 'Sub', 'LinearClassifier', 'NONE', 'SOFTMAX', 'LOGISTIC', 'L1', 'MatMul', 'Add']) { const i = t.indexOf(w); if (i >= 0 && r() < 0.5) { o[i + int(w.length)] = pick([65, 97, 48, 0]); break; } } return o; }],
];

interface Tally { files: number; loaded: number; refused: number; slowest: number; ratio: number }
const tally: Tally = { files: 0, loaded: 0, refused: 0, slowest: 0, ratio: 0 };
const failures: string[] = [];
const codes: Record<string, number> = {};

function attempt(what: string, bytes: Uint8Array, rawScores: boolean): void {
  const bound = 8 * bytes.length + 65536;
  tally.files++;
  largest = 0;
  const t0 = performance.now();
  let clf: LinearClassifier | null = null, error: unknown;
  try {
    clf = LinearClassifier.fromONNX(bytes, { rawScores });
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t0, big = largest;
  tally.slowest = Math.max(tally.slowest, ms);
  tally.ratio = Math.max(tally.ratio, big / bound);
  if (ms > 1000) failures.push(`${what}: took ${ms.toFixed(0)} ms`);
  if (big > bound) failures.push(`${what}: allocated ${big} bytes in one piece, more than the ${bound} its ${bytes.length} bytes justify`);
  if (clf) {
    tally.loaded++;
    try {
      const X = uniform(r, 3 * clf.numFeatures, 0, 16);
      const p = clf.predict(X);
      const classes = new Set<unknown>(clf.classes);
      assert.ok(Array.from(p as ArrayLike<unknown>).every((c) => classes.has(c)), 'every prediction is one of the classes');
      const again = LinearClassifier.fromONNX(clf.toONNX());
      assert.deepEqual(again.predict(X), p, 'exported again, it predicts the same');
      again.dispose();
      assert.equal(readONNX(bytes, { rawScores }).classes.length, clf.numClasses);
    } catch (e) {
      if (!(e instanceof LinclassError && e.code === 'INVALID_DATA')) failures.push(`${what}: loaded, but ${(e as Error).message}`);
    } finally {
      clf.dispose();
    }
  } else if (!(error instanceof LinclassError)) {
    if (process.env.FUZZ_STACK) console.error(error);
    failures.push(`${what}: ${(error as Error)?.constructor?.name}: ${(error as Error)?.message ?? String(error)}`);
  } else {
    tally.refused++;
    codes[error.code] = (codes[error.code] ?? 0) + 1;
    if (error.code !== 'INVALID_DATA' && error.code !== 'NOT_SUPPORTED') failures.push(`${what}: code ${error.code} (${error.message})`);
    if (!/\.$/.test(error.message)) failures.push(`${what}: message is not a sentence: ${error.message}`);
  }
  if (failures.length > 40) throw new Error(`too many failures:\n${failures.join('\n')}`);
}

let wasm0 = 0;
before(async () => {
  await init();
});
after(() => uninstall());

test('fuzz: ONNX files (linclass exports, scikit-learn fixtures, skl2onnx files)', async () => {
  const bases: Uint8Array[] = [];
  for (const [loss, D, C, pre] of [['softmax', 5, 3, true], ['svm', 3, 2, false], ['softmax', 12, 4, false]] as const) {
    const clf = new LinearClassifier({ loss, numFeatures: D, numClasses: C, ...(pre ? { preprocessing: { scale: 0.5, mean: uniform(r, D) } } : {}) });
    clf.fit({ X: uniform(r, 20 * D), y: labels(r, 20, C) }, { epochs: 2 });
    bases.push(clf.toONNX());
    clf.dispose();
  }
  const dir = new URL('../fixtures/onnx/', import.meta.url);
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.onnx') && /iris|strings|binary|ovr|probit|one_row|sgd_log_loss_digits/.test(f))) bases.push(Uint8Array.from(readFileSync(new URL(f, dir))));
  for (const f of ['SklearnLinearSVCMulti.model.onnx', 'logreg_iris.onnx']) bases.push(Uint8Array.from(readFileSync(new URL(`skl2onnx/${f}`, dir))));
  for (const b of bases) attempt('a base file', b, true);
  const { kernels } = await import('../../src/runtime/module.js');
  wasm0 = kernels().memory.buffer.byteLength;
  install();
  for (let i = 0; i < 4000; i++) {
    let [name, mutate] = pick(MUTATIONS);
    let bytes = mutate(pick(bases));
    if (i % 5 === 0) { const [n2, m2] = pick(MUTATIONS); bytes = m2(bytes); name += ` + ${n2}`; }
    attempt(`#${i} (${name})`, i % 2 ? bytes : bytes, i % 3 === 0);
  }
  uninstall();
  const wasm1 = kernels().memory.buffer.byteLength;
  console.log(`# onnx fuzz: ${tally.files} loads: ${tally.loaded} loaded, ${tally.refused} refused (${JSON.stringify(codes)}), slowest ${tally.slowest.toFixed(1)} ms, largest allocation ${(100 * tally.ratio).toFixed(0)}% of its bound; WebAssembly ${wasm0} → ${wasm1} bytes`);
  assert.deepEqual(failures, []);
  assert.equal(wasm1, wasm0, 'WebAssembly memory grew');
  assert.ok(tally.loaded > 100 && tally.refused > 1000, 'both outcomes are reached');
});
