// A seeded train/validation split of labelled rows: a Fisher–Yates shuffle of
// the row indices with the integer-only Rng, so a seed gives the same split in
// every runtime.
import { LinclassError } from '../base/errors.js';
import { checkFeatures, checkLabels, checkValues, flatRows, isRows, seedRule } from '../base/checks.js';
import { Rng } from '../base/rng.js';
import { describe, validateOptions, type Table } from '../base/validate.js';
import type { LabelledData } from '../io/csv.js';
import type { LabelledImages } from '../io/images.js';

export interface SplitOptions {
  /** Fraction of the rows that go to validation, in (0, 1). Default 0.1. */
  valFraction?: number;
  /** Seed of the shuffle, an integer in [0, 2^32). Default 0. */
  seed?: number;
}

const OPTIONS: Table = {
  valFraction: { kind: 'number', min: 0, max: 1, minOpen: true, maxOpen: true, default: 0.1 },
  seed: seedRule(0),
};

/**
 * Splits labelled rows into training and validation sets by a seeded shuffle:
 * round(N·valFraction) rows (at least 1) go to validation, the rest (at least 1)
 * to training, each in shuffled order; X keeps its type (float32 features or
 * raw pixel bytes) and other fields (an image shape) are carried over. Throws LinclassError('INVALID_OPTION')
 * for a bad option and LinclassError('INVALID_DATA') for fewer than 2 rows.
 *
 * @example
 * const { train, val } = splitData(parseCsv(text), { valFraction: 0.2, seed: 1 });
 * Dataset.from(train.X, train.y, { numFeatures: train.numFeatures });
 */
export function splitData<T extends LabelledData | LabelledImages>(data: T, options: SplitOptions = {}): { train: T; val: T } {
  const o = validateOptions<Required<SplitOptions>>('splitData', OPTIONS, options);
  if (typeof data !== 'object' || data === null || !Number.isInteger(data.numFeatures) || data.numFeatures < 1) {
    throw new LinclassError('INVALID_DATA', `splitData needs { X, y, numFeatures }. Got ${describe(data)} instead.`);
  }
  const D = data.numFeatures;
  if (isRows(data.X)) data = { ...data, X: Float32Array.from(flatRows(data.X, D) as Float64Array) };
  const N = checkFeatures(data.X, D);
  checkValues(data.X, D);
  checkLabels(data.y, N);
  if (N < 2) throw new LinclassError('INVALID_DATA', `splitData needs at least 2 rows to make two sets. Got ${N}.`);
  const nVal = Math.min(N - 1, Math.max(1, Math.round(N * o.valFraction)));
  const order = new Uint32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  const rng = new Rng(o.seed);
  for (let i = N - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const t = order[i]; order[i] = order[j]; order[j] = t;
  }
  const src = ArrayBuffer.isView(data.X) ? data.X : Float32Array.from(data.X as ArrayLike<number>);
  const take = (from: number, to: number): T => {
    const n = to - from, y = new Int32Array(n);
    const X = data.X instanceof Uint8Array ? new Uint8Array(n * D) : new Float32Array(n * D);
    for (let k = 0; k < n; k++) {
      const r = order[from + k];
      X.set(src.subarray(r * D, r * D + D), k * D);
      y[k] = data.y[r];
    }
    return { ...data, X, y };
  };
  return { val: take(0, nVal), train: take(nVal, N) };
}
