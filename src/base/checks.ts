// The checks every public entry shares: numeric arrays, finite float32 values,
// feature and label arrays, seeds, and the errors for disposed objects. Each
// message names what was wrong and what is allowed.
import { LinclassError } from './errors.js';
import { describe, type Rule } from './validate.js';

/** The largest finite float32. */
export const F32_MAX = 3.4028234663852886e38;
/** Labels are int32 in linear memory. */
const MAX_LABEL = 2 ** 31 - 1;
/** float32 values that fit in wasm32's 4 GiB: more features than this can never be copied in. */
const MAX_VALUES = 2 ** 30;

/** The seed rule: an integer in [0, 2^32). Seeds feed the integer-only Rng. */
export const SEED: Rule = { kind: 'number', min: 0, max: 2 ** 32 - 1, integer: true };

/** A seed option with its default. */
export const seedRule = (def: number): Rule => ({ ...SEED, default: def });

/** True for arrays of numbers: plain arrays and typed arrays other than BigInt ones (not DataView). */
export function isNumericArray(a: unknown): a is ArrayLike<number> {
  if (ArrayBuffer.isView(a)) return !(a instanceof DataView) && !(a instanceof BigInt64Array) && !(a instanceof BigUint64Array);
  return Array.isArray(a);
}

/** True when v is a number that float32 holds as a finite value. */
export function isFiniteF32(v: unknown): v is number {
  return typeof v === 'number' && Math.abs(v) <= F32_MAX;
}

/** The index of the first value of a that is not a finite float32 number, or -1. */
export function firstNonFinite(a: ArrayLike<unknown>, from = 0, to = a.length): number {
  for (let i = from; i < to; i++) if (!isFiniteF32(a[i])) return i;
  return -1;
}

/** Throws unless X can be read as N rows of D features; returns N. */
export function checkFeatures(X: unknown, D: number, what = 'X'): number {
  if (!isNumericArray(X)) {
    throw new LinclassError('INVALID_DATA', `${what} must be a Float32Array (or an array of numbers) of N·${D} features, row-major. Got ${describe(X)} instead.`);
  }
  if (X.length === 0) throw new LinclassError('INVALID_DATA', `${what} is empty: at least one row of ${D} features is needed.`);
  if (X.length > MAX_VALUES) {
    throw new LinclassError('OUT_OF_MEMORY',
      `${what} has ${X.length} values, more than the 2^30 float32 values (4 GiB) WebAssembly (wasm32) memory can hold. Use fewer rows or features.`);
  }
  if (X.length % D !== 0) {
    throw new LinclassError('INVALID_DATA',
      `${what} has ${X.length} values, which is not a multiple of numFeatures (${D}): X must hold N rows of ${D} features, row-major.`);
  }
  return X.length / D;
}

/** The error for X[i] (D features per row, rows counted from `firstRow`) when it is not a finite float32 number. */
export function badFeature(X: ArrayLike<unknown>, i: number, D: number, firstRow = 0): LinclassError {
  const v = X[i];
  return new LinclassError('INVALID_DATA',
    `X[${i}] (row ${firstRow + Math.floor(i / D)}, feature ${i % D}) is ${describe(v)}${typeof v === 'number' && Number.isFinite(v) ? ', too large for float32' : ''}: features must be finite numbers.`);
}

/** Throws unless every value of X is a number that is finite in float32 (integer typed arrays always are). */
export function checkValues(X: ArrayLike<number>, D: number, firstRow = 0): void {
  if (ArrayBuffer.isView(X) && !(X instanceof Float32Array || X instanceof Float64Array)) return;
  const bad = firstNonFinite(X);
  if (bad >= 0) throw badFeature(X, bad, D, firstRow);
}

/** True for an array of rows (nested arrays or typed arrays), not a flat feature array. */
export function isRows(X: unknown): X is ArrayLike<number>[] {
  return Array.isArray(X) && X.length > 0 && (Array.isArray(X[0]) || ArrayBuffer.isView(X[0]));
}

/** X flattened to N·D row-major when it is an array of rows of D values each. */
export function flatRows(X: unknown, D: number): unknown {
  if (!isRows(X)) return X;
  const out = new Float64Array(X.length * D);
  for (let r = 0; r < X.length; r++) {
    const row = X[r];
    if (!isNumericArray(row) || row.length !== D) {
      throw new LinclassError('INVALID_DATA', `X[${r}] must be a row of ${D} features. Got ${describe(row)} instead.`);
    }
    const bad = firstNonFinite(row);
    if (bad >= 0) throw badFeature(row, bad, D, r);
    out.set(row, r * D);
  }
  return out;
}

/** Throws unless y holds N integer labels in [0, 2^31); returns the largest. */
export function checkLabels(y: unknown, N: number): number {
  if (!isNumericArray(y)) {
    throw new LinclassError('INVALID_DATA', `y must be an array of N = ${N} integer labels (Int32Array, number[], …). Got ${describe(y)} instead.`);
  }
  if (y.length !== N) {
    throw new LinclassError('INVALID_DATA', `y has ${y.length} labels but X has ${N} rows: give one label per row.`);
  }
  let top = 0;
  for (let i = 0; i < N; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v < 0 || v > MAX_LABEL) {
      throw new LinclassError('INVALID_DATA', `y[${i}] is ${describe(v)}: labels must be integers in [0, ${MAX_LABEL}].`);
    }
    if (v > top) top = v;
  }
  return top;
}

/** Throws INVALID_ARGUMENT unless v (setWeights' W or b) is a numeric array of exactly `length` finite float32 values. */
export function checkWeightArray(name: string, v: unknown, length: number, shape: string): void {
  if (!isNumericArray(v) || v.length !== length) {
    throw new LinclassError('INVALID_ARGUMENT',
      `setWeights: ${name} must be a Float32Array (or an array of numbers) of ${shape} values. Got ${describe(v)} instead.`);
  }
  const bad = firstNonFinite(v);
  if (bad >= 0) throw new LinclassError('INVALID_ARGUMENT', `setWeights: ${name}[${bad}] is ${describe(v[bad])}; weights must be finite float32 numbers.`);
}

/**
 * Throws unless w holds N finite float32 weights ≥ 0 that are not all 0
 * (`what` names the argument in the message); returns them as float32.
 */
export function checkWeights(w: unknown, N: number, what = 'sampleWeight'): Float32Array {
  if (!isNumericArray(w) || w.length !== N) {
    throw new LinclassError('INVALID_DATA', `${what} must be an array of N = ${N} weights, one per row (Float32Array, number[], …). Got ${describe(w)} instead.`);
  }
  let any = false;
  for (let i = 0; i < N; i++) {
    const v = w[i];
    if (!isFiniteF32(v) || !(v >= 0)) {
      throw new LinclassError('INVALID_DATA', `${what}[${i}] is ${describe(v)}: weights must be finite numbers ≥ 0.`);
    }
    if (v > 0) any = true;
  }
  if (!any) throw new LinclassError('INVALID_DATA', `${what} is all zeros: at least one row needs a weight above 0.`);
  return Float32Array.from(w);
}

/** The error for a Dataset used after dispose(). */
export const datasetDisposed = (): LinclassError =>
  new LinclassError('DISPOSED', 'This Dataset has been disposed; create a new one with Dataset.from.');

/** The error for a LinearClassifier used after dispose(). */
export const classifierDisposed = (): LinclassError =>
  new LinclassError('DISPOSED', 'This LinearClassifier has been disposed; create a new one.');
