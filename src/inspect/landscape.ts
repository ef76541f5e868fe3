// The loss landscape of the notes: the full loss L(W + a·W1) along a direction and
// L(W + a·W1 + b·W2) over a plane, with the bias kept. Each grid is one kernel
// call (landscape_simd); the classifier is only read.
import { Rng } from '../base/rng.js';
import { LinclassError } from '../base/errors.js';
import { describe, validateOptions, type Table } from '../base/validate.js';
import { firstNonFinite, isNumericArray, seedRule } from '../base/checks.js';
import { kernels } from '../runtime/module.js';
import { LOSS, PENALTY } from '../runtime/kernels.js';
import { f32, f64, freeAll, padded, type WasmBuf } from '../runtime/memory.js';
import { randn } from '../runtime/random.js';
import { padRows } from '../model/params.js';
import type { TrainData } from '../model/data.js';
import type { Features } from '../model/dataset.js';
import type { LinearClassifier } from '../api/classifier.js';
import { withDataset, checkClassifier } from './probe.js';

export interface Slice1dOptions {
  /** W1, C·D row-major like W. Default: N(0, 1) entries drawn from `seed`. */
  direction?: Features;
  /** First and last a; `to` > `from`. Defaults −1 and 1. */
  from?: number;
  to?: number;
  /** Points from `from` to `to` inclusive, in [2, 100000]. Default 51. */
  steps?: number;
  /** Seed in [0, 2^32) of the random direction. Default 0. */
  seed?: number;
}

export interface Slice1d {
  /** The `steps` values of a, evenly spaced from `from` to `to`. */
  alphas: Float64Array;
  /** losses[k] = L(W + alphas[k]·W1): (1/N)Σ L_i + λR, the bias unchanged. */
  losses: Float64Array;
  /** W1 as used, C·D row-major (a copy). */
  direction: Float32Array;
}

export interface Slice2dOptions {
  /** [W1, W2], each C·D row-major like W. Default: N(0, 1) entries drawn from `seed`. */
  directions?: [Features, Features];
  /** Both a and b run from −range to +range, range > 0. Default 1. */
  range?: number;
  /** Points per axis, in [2, 1001]; odd puts W itself at the centre. Default 21. */
  steps?: number;
  /** Seed in [0, 2^32) of the random directions. Default 0. */
  seed?: number;
}

export interface Slice2d {
  /** The `steps` values of a (columns), from −range to +range. */
  alphas: Float64Array;
  /** The `steps` values of b (rows), from −range to +range. */
  betas: Float64Array;
  /** steps × steps, row-major: losses[i·steps + j] = L(W + alphas[j]·W1 + betas[i]·W2). */
  losses: Float64Array;
  /** [W1, W2] as used (copies). */
  directions: [Float32Array, Float32Array];
}

const SEED = seedRule(0);
const ANY = { kind: 'any' } as const;
const SLICE1D: Table = {
  direction: ANY,
  from: { kind: 'number', min: -Infinity, max: Infinity, minOpen: true, maxOpen: true, default: -1 },
  to: { kind: 'number', min: -Infinity, max: Infinity, minOpen: true, maxOpen: true, default: 1 },
  steps: { kind: 'number', min: 2, max: 100000, integer: true, default: 51 },
  seed: SEED,
};
const SLICE2D: Table = {
  directions: ANY,
  range: { kind: 'number', min: 0, max: Infinity, minOpen: true, maxOpen: true, default: 1 },
  steps: { kind: 'number', min: 2, max: 1001, integer: true, default: 21 },
  seed: SEED,
};

/** k-th of `steps` evenly spaced values from lo to hi, with both ends exact. */
function lin(lo: number, hi: number, k: number, steps: number): number {
  return k === steps - 1 ? hi : lo + (hi - lo) * (k / (steps - 1)); // k/(steps − 1) = 0.5 exactly at the centre
}

/** The directions: given ones checked (C·D finite numbers each), the rest N(0, 1) from the seed. */
function directions(owner: string, clf: LinearClassifier, given: unknown[] | undefined, names: string[], seed: number): Float32Array[] {
  const C = clf.numClasses, D = clf.numFeatures;
  if (!given) {
    const rng = new Rng(seed);
    return names.map(() => randn(rng, C * D, 1));
  }
  return given.map((v, i) => {
    if (!isNumericArray(v) || v.length !== C * D) {
      throw new LinclassError('INVALID_OPTION',
        `The '${names[i]}' option of ${owner} must be a Float32Array (or an array of numbers) of C·D = ${C}·${D} = ${C * D} values, row-major like W. Got ${describe(v)} instead.`);
    }
    const bad = firstNonFinite(v);
    if (bad >= 0) {
      throw new LinclassError('INVALID_OPTION', `The '${names[i]}' option of ${owner} has ${describe(v[bad])} at index ${bad}; its values must be finite numbers.`);
    }
    return Float32Array.from(v);
  });
}

/** Evaluates the loss at points (A[k], B[k]) around clf's weights in one kernel call. */
function run(owner: string, clf: LinearClassifier, data: TrainData, dirs: Float32Array[], A: Float64Array, B: Float64Array | null): Float64Array {
  return withDataset(owner, clf, data, (ds) => {
    const k = kernels(), C = clf.numClasses, D = clf.numFeatures, Dp = padded(D), o = clf.options;
    const bufs: WasmBuf<Float32Array | Float64Array>[] = [];
    const take = <T extends WasmBuf<Float32Array | Float64Array>>(b: T): T => (bufs.push(b), b);
    try {
      const W = take(f32(C * Dp)), b = take(f32(C)), W1 = take(f32(C * Dp)), W2 = B ? take(f32(C * Dp)) : null;
      const Wt = take(f32(C * Dp)), S = take(f32(k.scratch_floats(C)));
      const Ab = take(f64(A.length)), Bb = B ? take(f64(B.length)) : null, out = take(f64(A.length));
      padRows(clf.coef, C, D, W.view);
      b.view.set(clf.intercept);
      padRows(dirs[0], C, D, W1.view);
      if (W2) padRows(dirs[1], C, D, W2.view);
      Ab.view.set(A);
      if (Bb) Bb.view.set(B!);
      const p = ds.ptrs();
      k.landscape_simd(ds.numRows, Dp, C, A.length, p.X, p.all, p.y, W.ptr, b.ptr, W1.ptr, W2 ? W2.ptr : 0, Ab.ptr, Bb ? Bb.ptr : 0,
        out.ptr, Wt.ptr, S.ptr, LOSS[o.loss], PENALTY[o.penalty], o.delta, o.reg, o.l2Ratio);
      return out.view.slice();
    } finally {
      freeAll(...bufs);
    }
  });
}

/**
 * The loss along a line through the current weights: L(W + a·W1) for `steps`
 * values of a from `from` to `to` (full loss with the penalty; b unchanged), as
 * the notes draw it. One WebAssembly call evaluates every point over all rows
 * of `data`; the classifier is not changed. Throws LinclassError
 * ('INVALID_OPTION', 'INVALID_DATA') naming the option or data at fault.
 *
 * @example
 * const { alphas, losses } = lossSlice1d(clf, train, { from: -2, to: 2, steps: 41, seed: 1 });
 * losses[20]; // the loss at W itself
 */
export function lossSlice1d(clf: LinearClassifier, data: TrainData, options: Slice1dOptions = {}): Slice1d {
  checkClassifier('lossSlice1d', clf);
  const o = validateOptions<Required<Slice1dOptions>>('lossSlice1d', SLICE1D, options);
  if (!(o.to > o.from)) {
    throw new LinclassError('INVALID_OPTION', `The 'to' option of lossSlice1d must be a number greater than 'from' (${o.from}). Got ${o.to} instead.`);
  }
  const [direction] = directions('lossSlice1d', clf, o.direction === undefined ? undefined : [o.direction], ['direction'], o.seed);
  const alphas = Float64Array.from({ length: o.steps }, (_, k) => lin(o.from, o.to, k, o.steps));
  return { alphas, losses: run('lossSlice1d', clf, data, [direction], alphas, null), direction };
}

/**
 * The loss over a plane through the current weights: L(W + a·W1 + b·W2) on a
 * steps × steps grid with a and b from −range to +range, row-major with b
 * along the rows (odd steps put W at the centre). One WebAssembly call for the
 * grid; the classifier is not changed. Throws as lossSlice1d.
 *
 * @example
 * const { losses } = lossSlice2d(clf, train, { range: 1, steps: 21, seed: 2 });
 * losses[10 * 21 + 10]; // the loss at W itself
 */
export function lossSlice2d(clf: LinearClassifier, data: TrainData, options: Slice2dOptions = {}): Slice2d {
  checkClassifier('lossSlice2d', clf);
  const o = validateOptions<Required<Slice2dOptions>>('lossSlice2d', SLICE2D, options);
  if (o.directions !== undefined && (!Array.isArray(o.directions) || o.directions.length !== 2)) {
    throw new LinclassError('INVALID_OPTION',
      `The 'directions' option of lossSlice2d must be an array of two directions [W1, W2], each C·D values. Got ${Array.isArray(o.directions) ? `an array of length ${(o.directions as unknown[]).length}` : typeof o.directions} instead.`);
  }
  const [W1, W2] = directions('lossSlice2d', clf, o.directions, ['directions[0]', 'directions[1]'], o.seed);
  const n = o.steps;
  const axis = Float64Array.from({ length: n }, (_, k) => lin(-o.range, o.range, k, n));
  const A = new Float64Array(n * n), B = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { A[i * n + j] = axis[j]; B[i * n + j] = axis[i]; }
  return { alphas: axis, betas: axis.slice(), losses: run('lossSlice2d', clf, data, [W1, W2], A, B), directions: [W1, W2] };
}
