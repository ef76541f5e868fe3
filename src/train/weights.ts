// The row weights of a fit: `sampleWeight` (or the dataset's own weights)
// times the `classWeight` of each row's class, computed once per fit into a
// buffer the step kernels read (a weight per row in linear memory).
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import { checkWeights, isFiniteF32 } from '../base/checks.js';
import { kernels } from '../runtime/module.js';
import type { Dataset } from '../model/dataset.js';

/** 'balanced' (N / (classes present · rows of the class), as scikit-learn) or a weight per class label. */
export type ClassWeight = 'balanced' | Record<string | number, number>;

/**
 * The weights of each row of ds for a fit, or null when neither option is
 * given (the dataset's own weights, if any, then apply as they are).
 * `classIndex` maps a classWeight key to its class index, or -1.
 */
export function fitWeights(owner: string, ds: Dataset, sampleWeight: unknown, classWeight: unknown,
  classIndex: (key: string) => number): Float32Array | null {
  if (sampleWeight === undefined && classWeight === undefined) return null;
  const N = ds.numRows, p = ds.ptrs(), mem = kernels().memory.buffer;
  const w = sampleWeight !== undefined ? checkWeights(sampleWeight, N)
    : p.w ? new Float32Array(mem, p.w, N).slice() : new Float32Array(N).fill(1);
  if (classWeight === undefined) return w;
  const y = new Int32Array(mem, p.y, N);
  const perClass = classWeights(owner, classWeight, y, ds.maxLabel + 1, classIndex);
  for (let i = 0; i < N; i++) w[i] *= perClass[y[i]];
  if (!w.some((v) => v > 0)) {
    throw new LinclassError('INVALID_DATA', `The 'classWeight' option of ${owner} gives every row the weight 0: at least one row needs a weight above 0.`);
  }
  return w;
}

/** A weight per class index: 'balanced' from the label counts, or the given map (classes it leaves out weigh 1). */
function classWeights(owner: string, cw: unknown, y: Int32Array, C: number, classIndex: (key: string) => number): Float64Array {
  const out = new Float64Array(C).fill(1);
  if (cw === 'balanced') {
    const count = new Float64Array(C);
    for (let i = 0; i < y.length; i++) count[y[i]]++;
    const present = count.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
    for (let c = 0; c < C; c++) if (count[c] > 0) out[c] = y.length / (present * count[c]);
    return out;
  }
  if (typeof cw !== 'object' || cw === null || Array.isArray(cw) || ArrayBuffer.isView(cw)) {
    throw new LinclassError('INVALID_OPTION',
      `The 'classWeight' option of ${owner} must be 'balanced' or an object mapping class labels to weights ≥ 0. Got ${describe(cw)} instead.`);
  }
  for (const [key, v] of Object.entries(cw)) {
    const c = classIndex(key);
    if (c < 0) throw new LinclassError('INVALID_OPTION', `The 'classWeight' option of ${owner} names the class ${JSON.stringify(key)}, which this classifier does not have.`);
    if (!isFiniteF32(v) || v < 0) {
      throw new LinclassError('INVALID_OPTION', `The 'classWeight' option of ${owner} gives class ${JSON.stringify(key)} the weight ${describe(v)}; weights must be finite numbers ≥ 0.`);
    }
    if (c < C) out[c] = v;
  }
  return out;
}
