// The rows of a stream of { X, y } chunks, written one at a time into slots of
// a shuffle buffer in linear memory (rows of Dp floats, pad columns left zero,
// and int32 labels), through the model's preprocessing exactly as
// fit({ X, y }) applies it. Each chunk is checked as it arrives: its shape, its
// values, its labels against the model's classes.
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import { checkFeatures, checkValues, isNumericArray } from '../base/checks.js';
import { kernels } from '../runtime/module.js';
import type { WasmBuf } from '../runtime/memory.js';
import type { ModelShape } from '../model/data.js';

/** One piece of a stream: N·D raw features, row-major, and N integer labels. */
export interface StreamChunk {
  X: ArrayLike<number>;
  /** N labels: class indices, or the classifier's labels (integers or strings). */
  y: ArrayLike<number> | readonly string[];
}

/** What fitStream reads: a function returning the chunks of one epoch, or a promise of them (called once per epoch). */
export type StreamSource = () => AsyncIterable<StreamChunk> | Iterable<StreamChunk> | Promise<AsyncIterable<StreamChunk> | Iterable<StreamChunk>>;

type ChunkIterator = AsyncIterator<StreamChunk> | Iterator<StreamChunk>;

/** The iterator of one epoch's chunks; a source that returns something else is INVALID_ARGUMENT. */
export async function openSource(source: StreamSource, epoch: number): Promise<ChunkIterator> {
  const it = (await source()) as unknown;
  const get = (it as AsyncIterable<StreamChunk>)?.[Symbol.asyncIterator] ?? (it as Iterable<StreamChunk>)?.[Symbol.iterator];
  if (typeof get !== 'function') {
    throw new LinclassError('INVALID_ARGUMENT',
      `fitStream: source() must return an async iterable (or an iterable) of { X, y } chunks; for epoch ${epoch} it returned ${describe(it)}.`);
  }
  return get.call(it) as ChunkIterator;
}

export class RowFeed {
  /** Rows read so far this epoch. */
  rows = 0;
  readonly #it: ChunkIterator;
  readonly #m: ModelShape;
  readonly #X: WasmBuf<Float32Array>;
  readonly #y: WasmBuf<Int32Array>;
  readonly #Dp: number;
  #chunk: StreamChunk | null = null;
  #n = 0;
  #at = 0;
  #count = 0;
  #done = false;

  constructor(it: ChunkIterator, m: ModelShape, Dp: number, X: WasmBuf<Float32Array>, y: WasmBuf<Int32Array>) {
    this.#it = it;
    this.#m = m;
    this.#Dp = Dp;
    this.#X = X;
    this.#y = y;
  }

  /** True when a row is waiting (pulls the next non-empty chunk when the current one is used up). */
  async more(): Promise<boolean> {
    while (!this.#done && this.#at >= this.#n) {
      const r = await this.#it.next();
      if (r.done) {
        this.#done = true;
        break;
      }
      this.#take(r.value);
    }
    return !this.#done;
  }

  /**
   * Writes the next rows into the slots listed at slots[from … to), in order;
   * returns how many it wrote (fewer once the stream ends).
   */
  async fill(slots: WasmBuf<Int32Array>, from: number, to: number): Promise<number> {
    let k = from;
    while (k < to && (await this.more())) {
      const s = slots.view;
      const take = Math.min(to - k, this.#n - this.#at);
      for (let i = 0; i < take; i++) this.#write(this.#at++, s[k++]);
    }
    this.rows += k - from;
    return k - from;
  }

  /** Closes the epoch's iterator (a file source closes its file). */
  async close(): Promise<void> {
    if (!this.#done) await this.#it.return?.();
  }

  /** Checks a chunk and makes it current. */
  #take(c: unknown): void {
    const k = this.#count++, what = `chunk ${k} of the stream`;
    if (typeof c !== 'object' || c === null || !('X' in c) || !('y' in c)) {
      throw new LinclassError('INVALID_DATA', `fitStream: ${what} must be an object { X, y }. Got ${describe(c)} instead.`);
    }
    const { X, y } = c as StreamChunk, D = this.#m.numFeatures, C = this.#m.numClasses;
    const n = isNumericArray(X) && X.length === 0 && isNumericArray(y) && y.length === 0 ? 0 : checkFeatures(X, D, `X of ${what}`);
    if (!ArrayBuffer.isView(X)) checkValues(X, D, this.rows);
    if (!(isNumericArray(y) || Array.isArray(y)) || y.length !== n) {
      throw new LinclassError('INVALID_DATA', `fitStream: y of ${what} must hold one label per row (${n}). Got ${describe(y)} instead.`);
    }
    // labels other than the class indices 0 … C−1 are mapped through the classifier's classes
    if (this.#m.classes.kind !== 'index') c = { X, y: this.#m.classes.encode(y as ArrayLike<unknown>, `fitStream: y of ${what}`) };
    else for (let i = 0; i < n; i++) {
      const v = y[i];
      if (!Number.isInteger(v) || v < 0 || v >= C) {
        throw new LinclassError('INVALID_DATA',
          `fitStream: y[${i}] of ${what} is ${describe(v)}, but this LinearClassifier has numClasses ${C}: labels must be integers in [0, ${C - 1}].`);
      }
    }
    this.#chunk = c as StreamChunk;
    this.#n = n;
    this.#at = 0;
  }

  /** Row r of the current chunk into slot s: x·scale − mean in float64, stored as float32 (as preprocess() does). */
  #write(r: number, s: number): void {
    const { X, y } = this.#chunk!, D = this.#m.numFeatures, o = s * this.#Dp, i = r * D;
    const v = this.#X.view, { scale, mean } = this.#m.pre;
    if (scale === 1 && mean === null && (X instanceof Float32Array || X instanceof Float64Array)) v.set(X.subarray(i, i + D), o);
    else if (mean === null) for (let d = 0; d < D; d++) v[o + d] = X[i + d] * scale;
    else for (let d = 0; d < D; d++) v[o + d] = X[i + d] * scale - mean[d];
    const bad = kernels().first_nonfinite_simd(D, this.#X.ptr + 4 * o);
    if (bad >= 0) {
      const x = X[i + bad];
      throw new LinclassError('INVALID_DATA',
        `fitStream: X[${i + bad}] of chunk ${this.#count - 1} of the stream (its row ${r}, feature ${bad}) is ${describe(x)}${Number.isFinite(x) ? ': x·scale − mean is too large for float32' : ''}; features must be finite numbers.`);
    }
    this.#y.view[s] = y[r] as number; // class indices by now (strings were mapped when the chunk arrived)
  }
}
