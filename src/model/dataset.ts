// A dataset copied once into linear memory: N×Dp f32 rows (pad columns zero) and
// N int32 labels. Reused across calls; dispose() frees it.
import { f32, i32, freeAll, padded, checkFits, moduleGone, type WasmBuf } from '../runtime/memory.js';
import { kernels } from '../runtime/module.js';
import { LinclassError } from '../base/errors.js';
import { describe, validateOptions, type Table } from '../base/validate.js';
import { badFeature, checkFeatures, checkLabels, checkValues, checkWeights, datasetDisposed, flatRows } from '../base/checks.js';

/** Feature arrays linclass accepts: Float32Array (stored as is), or any array-like of numbers (converted to float32). */
export type Features = Float32Array | Float64Array | ArrayLike<number>;
/** Label arrays linclass accepts: integer values in any array-like (Int32Array, Uint8Array, number[], …). */
export type Labels = ArrayLike<number>;

export interface DatasetOptions {
  /** Features per row, D ≥ 1. X holds N·D values row-major. */
  numFeatures: number;
  /**
   * A weight ≥ 0 per row (N values, not all 0): training minimizes the weighted
   * mean loss Σ w_i·L_i / Σ w_i + λR(W), and evaluation reports weighted means,
   * so an integer weight k counts a row k times. Default: every weight 1.
   */
  sampleWeight?: ArrayLike<number> | null;
}

const NUM_FEATURES: Table = { numFeatures: { kind: 'number', min: 1, max: 2 ** 24, integer: true } };
const OPTIONS: Table = { ...NUM_FEATURES, sampleWeight: { kind: 'any' } };
const CREATE: Table = { ...NUM_FEATURES, labels: { kind: 'boolean', default: true } };
const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<() => void>((release) => release())
  : null;

/**
 * Rows of features (and optionally labels) held in WebAssembly memory, so that
 * training and evaluation read them without copies. Create with Dataset.from,
 * release with dispose().
 *
 * @example
 * const ds = Dataset.from(new Float32Array([0, 1, 1, 0]), [0, 1], { numFeatures: 2 });
 * clf.evaluate(ds); // { loss, accuracy }
 * ds.dispose();
 */
export class Dataset {
  /** Rows N. */
  readonly numRows: number;
  /** Features per row D. */
  readonly numFeatures: number;
  /** Row stride in linear memory: D rounded up to a multiple of 4. */
  readonly paddedFeatures: number;
  #maxLabel: number;
  // One object the finalizer shares, so a forgotten dispose() frees what exists then.
  readonly #bufs: { x: WasmBuf<Float32Array> | null; y: WasmBuf<Int32Array> | null; w: WasmBuf<Float32Array> | null; all: WasmBuf<Int32Array> | null };
  readonly #token = {};

  private constructor(N: number, D: number, x: WasmBuf<Float32Array>, y: WasmBuf<Int32Array> | null, maxLabel: number, w: WasmBuf<Float32Array> | null = null) {
    this.numRows = N;
    this.numFeatures = D;
    this.paddedFeatures = padded(D);
    this.#maxLabel = maxLabel;
    const bufs = { x, y, w, all: null as WasmBuf<Int32Array> | null };
    this.#bufs = bufs;
    registry?.register(this, () => freeAll(bufs.x, bufs.y, bufs.w, bufs.all), this.#token);
  }

  /**
   * Copies X (N·D features, row-major) and, when given, y (N integer labels ≥ 0)
   * into WebAssembly memory once. Throws LinclassError('INVALID_DATA') naming
   * the first bad value: a length that does not fit, NaN or ±Infinity, a label
   * that is not a non-negative integer; nothing is allocated then.
   */
  static from(X: Features, y: Labels | null | undefined, options: DatasetOptions): Dataset {
    const { numFeatures: D, sampleWeight } = validateOptions<DatasetOptions>('Dataset', OPTIONS, options);
    X = flatRows(X, D) as Features;
    const N = checkFeatures(X, D);
    const Dp = padded(D);
    checkFits(4 * N * Dp + (y == null ? 0 : 4 * N) + (sampleWeight == null ? 0 : 4 * N), 4 * N * Dp);
    // typed arrays are checked in linear memory after the copy; other arrays may hold non-numbers the copy would coerce
    if (!ArrayBuffer.isView(X)) checkValues(X, D);
    const maxLabel = y == null ? -1 : checkLabels(y, N);
    const weights = sampleWeight == null ? null : checkWeights(sampleWeight, N);
    const x = f32(N * Dp);
    let yb: WasmBuf<Int32Array> | null = null, wb: WasmBuf<Float32Array> | null = null;
    try {
      const v = x.view;
      if (D === Dp) v.set(X);
      else if (X instanceof Float32Array || X instanceof Float64Array) {
        for (let r = 0; r < N; r++) v.set(X.subarray(r * D, r * D + D), r * Dp);
      } else {
        for (let r = 0; r < N; r++) for (let d = 0; d < D; d++) v[r * Dp + d] = X[r * D + d];
      }
      const bad = kernels().first_nonfinite_simd(N * Dp, x.ptr);
      if (bad >= 0) throw badFeature(X, Math.floor(bad / Dp) * D + (bad % Dp), D);
      if (y != null) {
        yb = i32(N);
        yb.view.set(y);
      }
      if (weights) {
        wb = f32(N);
        wb.view.set(weights);
      }
    } catch (e) {
      freeAll(x, yb, wb);
      throw e;
    }
    return new Dataset(N, D, x, yb, maxLabel, wb);
  }

  /**
   * An empty dataset of N rows (features and labels 0) to fill with setRows:
   * for data too large to hold twice, e.g. read in chunks from a file.
   *
   * @example
   * const ds = Dataset.create(60000, { numFeatures: 784, labels: true });
   * ds.setRows(0, chunkX, chunkY); // then the next chunk at its row offset
   */
  static create(numRows: number, options: DatasetOptions & { labels?: boolean }): Dataset {
    const { numFeatures: D, labels } = validateOptions<Required<DatasetOptions & { labels: boolean }>>('Dataset.create', CREATE, options);
    if (!Number.isInteger(numRows) || numRows < 1) {
      throw new LinclassError('INVALID_DATA', `Dataset.create needs a number of rows that is an integer in [1, Infinity). Got ${describe(numRows)} instead.`);
    }
    checkFits(4 * numRows * padded(D) + (labels ? 4 * numRows : 0), 4 * numRows * padded(D));
    const x = f32(numRows * padded(D));
    let y: WasmBuf<Int32Array> | null = null;
    try {
      if (labels) y = i32(numRows);
    } catch (e) {
      x.free();
      throw e;
    }
    return new Dataset(numRows, D, x, y, labels ? 0 : -1);
  }

  /**
   * Copies rows start … start + n − 1 in from X (n·D features, row-major) and,
   * for a labelled dataset, y (n labels). Validated like Dataset.from; a bad
   * chunk throws and leaves the dataset as it was.
   */
  setRows(start: number, X: Features, y?: Labels): void {
    const b = this.#bufs;
    if (b.x === null) throw datasetDisposed();
    if (b.x.stale) throw moduleGone();
    const D = this.numFeatures, Dp = this.paddedFeatures;
    X = flatRows(X, D) as Features;
    const n = checkFeatures(X, D);
    if (!Number.isInteger(start) || start < 0 || start + n > this.numRows) {
      throw new LinclassError('INVALID_DATA',
        `setRows: rows ${describe(start)} to ${start + n - 1} do not fit a dataset of ${this.numRows} rows.`);
    }
    if (this.hasLabels !== (y != null)) {
      throw new LinclassError('INVALID_DATA', this.hasLabels ? 'setRows: this Dataset has labels; pass y for the rows.' : 'setRows: this Dataset has no labels; do not pass y.');
    }
    const top = y == null ? -1 : checkLabels(y, n);
    checkValues(X, D, start);
    const v = b.x.view;
    if (D === Dp && (X instanceof Float32Array || X instanceof Float64Array)) v.set(X, start * Dp);
    else if (X instanceof Float32Array || X instanceof Float64Array) {
      for (let r = 0; r < n; r++) v.set(X.subarray(r * D, r * D + D), (start + r) * Dp);
    } else {
      for (let r = 0; r < n; r++) for (let d = 0; d < D; d++) v[(start + r) * Dp + d] = X[r * D + d];
    }
    if (y != null) {
      b.y!.view.set(y, start);
      this.#maxLabel = Math.max(this.#maxLabel, top);
    }
  }

  /** The largest label, or -1 without labels. */
  get maxLabel(): number {
    return this.#maxLabel;
  }

  /** True when the dataset carries row weights. */
  get hasWeights(): boolean {
    return this.#bufs.w !== null;
  }

  /** True when the dataset carries labels. */
  get hasLabels(): boolean {
    return this.#maxLabel >= 0;
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.#bufs.x === null;
  }

  /** Frees the dataset's WebAssembly memory. Any later use throws. Calling it twice is harmless. */
  dispose(): void {
    const b = this.#bufs;
    if (b.x === null) return;
    registry?.unregister(this.#token);
    freeAll(b.x, b.y, b.w, b.all);
    b.x = b.y = b.w = b.all = null;
  }

  /** @internal Pointers for kernels (y and w 0 when absent); throws if disposed. */
  ptrs(): { X: number; y: number; w: number; all: number } {
    const b = this.#bufs;
    if (b.x === null) throw datasetDisposed();
    if (b.x.stale) throw moduleGone();
    if (b.all === null) {
      const all = i32(this.numRows);
      const v = all.view;
      for (let i = 0; i < this.numRows; i++) v[i] = i;
      b.all = all;
    }
    return { X: b.x.ptr, y: b.y ? b.y.ptr : 0, w: b.w ? b.w.ptr : 0, all: b.all.ptr };
  }
}
