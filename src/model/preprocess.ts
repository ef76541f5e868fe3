// Preprocessing of raw features: x' = x·scale − mean, per feature. A classifier
// carries it (and saves it in its model file), so raw data given to predict,
// evaluate or fit goes through the same map the training data went through.
import { LinclassError } from '../base/errors.js';
import { checkFeatures, checkValues, firstNonFinite, flatRows, isNumericArray } from '../base/checks.js';
import { describe } from '../base/validate.js';
import type { Features } from './dataset.js';

/**
 * The map from raw features to the features a model sees: x' = x·scale − mean[d].
 * `scale` multiplies first (1/255 turns pixels into [0, 1]); `mean` is the mean
 * of the scaled training rows (D values), or null for none.
 */
export interface Preprocessing {
  /** Factor applied to every raw feature, > 0. Default 1. */
  scale: number;
  /** D values subtracted after scaling (the training set's mean image), or null. Default null. */
  mean: Float32Array | null;
}

/** What callers may give: either field may be left out. */
export interface PreprocessingInput {
  scale?: number;
  mean?: ArrayLike<number> | null;
}

const PREFIX = "The 'preprocessing' option of LinearClassifier";

/**
 * Checks a preprocessing given by a caller against D features and returns it
 * resolved (mean copied to float32). Throws LinclassError('INVALID_OPTION').
 */
export function resolvePreprocessing(p: unknown, D: number): Preprocessing {
  if (p === undefined || p === null) return { scale: 1, mean: null };
  if (typeof p !== 'object' || Array.isArray(p) || ArrayBuffer.isView(p)) {
    throw new LinclassError('INVALID_OPTION', `${PREFIX} must be an object { scale, mean }. Got ${describe(p)} instead.`);
  }
  for (const key of Object.keys(p)) {
    if (key !== 'scale' && key !== 'mean' && (p as Record<string, unknown>)[key] !== undefined) {
      throw new LinclassError('INVALID_OPTION', `${PREFIX} has no field '${key}'. Allowed fields: scale, mean.`);
    }
  }
  const { scale = 1, mean = null } = p as PreprocessingInput;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new LinclassError('INVALID_OPTION', `${PREFIX}: 'scale' must be a number in (0, Infinity). Got ${describe(scale)} instead.`);
  }
  if (mean === null) return { scale, mean: null };
  if (!isNumericArray(mean) || mean.length !== D) {
    throw new LinclassError('INVALID_OPTION',
      `${PREFIX}: 'mean' must be null or an array of numFeatures = ${D} finite numbers. Got ${describe(mean)} instead.`);
  }
  const bad = firstNonFinite(mean);
  if (bad >= 0) {
    throw new LinclassError('INVALID_OPTION', `${PREFIX}: mean[${bad}] is ${describe(mean[bad])}; the mean must hold finite float32 numbers.`);
  }
  return { scale, mean: Float32Array.from(mean) };
}

/** True when p changes nothing (scale 1, no mean). */
export function isIdentity(p: Preprocessing): boolean {
  return p.scale === 1 && p.mean === null;
}

/** Throws LinclassError('INVALID_ARGUMENT') unless D is a feature count, an integer in [1, 2^24]. */
function checkD(owner: string, D: unknown): void {
  if (!(Number.isInteger(D) && (D as number) >= 1 && (D as number) <= 2 ** 24)) {
    throw new LinclassError('INVALID_ARGUMENT', `${owner}: D (numFeatures) must be an integer in [1, 16777216]. Got ${describe(D)} instead.`);
  }
}

/**
 * Applies x' = x·scale − mean[d] to N·D row-major features (computed in float64,
 * stored as float32) and returns the result; `out` may be X itself to work in place.
 * Throws LinclassError naming the first feature that is not a finite number, or
 * whose result does not fit float32 (with `out`, the entries before it are written).
 *
 * @example
 * const Xp = preprocess(pixels, 784, { scale: 1 / 255, mean }); // Float32Array
 */
export function preprocess(X: Features, D: number, p: PreprocessingInput, out?: Float32Array): Float32Array {
  checkD('preprocess', D);
  X = flatRows(X, D) as Features;
  const N = checkFeatures(X, D);
  const { scale, mean } = resolvePreprocessing(p, D);
  if (!(out === undefined || out instanceof Float32Array) || (out && out.length !== N * D)) {
    throw new LinclassError('INVALID_ARGUMENT', `preprocess: out must hold N·D = ${N * D} values. Got ${describe(out)} instead.`);
  }
  checkValues(X, D);
  const dst = out ?? new Float32Array(N * D);
  for (let r = 0, i = 0; r < N; r++) {
    for (let d = 0; d < D; d++, i++) {
      dst[i] = X[i] * scale - (mean === null ? 0 : mean[d]);
      if (!Number.isFinite(dst[i])) {
        throw new LinclassError('INVALID_DATA', `X[${i}] (row ${r}, feature ${d}) is ${X[i]}: x·scale − mean = ${X[i] * scale - (mean === null ? 0 : mean[d])} is too large for float32.`);
      }
    }
  }
  return dst;
}

/**
 * The mean of the scaled rows, per feature (float64 sums, float32 result): the
 * "mean image" to subtract, computed on the training set only. Throws
 * LinclassError for a feature that is not a finite number, or a bad D or scale.
 *
 * @example
 * const mean = meanImage(trainPixels, 784, 1 / 255); // Float32Array(784)
 */
export function meanImage(X: Features, D: number, scale = 1): Float32Array {
  checkD('meanImage', D);
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new LinclassError('INVALID_ARGUMENT', `meanImage: 'scale' must be a number in (0, Infinity). Got ${describe(scale)} instead.`);
  }
  X = flatRows(X, D) as Features;
  const N = checkFeatures(X, D);
  checkValues(X, D);
  const sum = new Float64Array(D);
  for (let r = 0, i = 0; r < N; r++) for (let d = 0; d < D; d++, i++) sum[d] += X[i] * scale;
  return Float32Array.from(sum, (s) => s / N);
}
