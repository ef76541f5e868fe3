// Class labels of any kind, as scikit-learn's classes_: the sorted distinct
// labels a classifier was trained on (integers ascending, strings in JavaScript's < order).
// The kernels see class indices 0 … C−1; labels are mapped in on the way in
// (fit, evaluate) and back on the way out (predict). When the classes are
// exactly 0 … C−1 the map is the identity and predict returns the Int32Array
// of indices, as for any integer labels.
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import { isNumericArray } from '../base/checks.js';

/** A class label: an integer (int32) or a string. */
export type Label = number | string;
/** Labels as predict returns them: integers in an Int32Array, or strings. */
export type LabelArray = Int32Array | string[];

const compare = (a: Label, b: Label): number => (a < b ? -1 : a > b ? 1 : 0);

export class Classes {
  /** The labels, sorted and distinct. */
  readonly values: readonly Label[];
  /** 'index' when the labels are exactly 0 … C−1; 'integer' for other int32 labels; 'string'. */
  readonly kind: 'index' | 'integer' | 'string';
  readonly #index: Map<Label, number>;

  private constructor(values: Label[]) {
    this.values = Object.freeze(values);
    const numbers = typeof values[0] === 'number';
    this.kind = !numbers ? 'string' : values.every((v, i) => v === i) ? 'index' : 'integer';
    this.#index = new Map(values.map((v, i) => [v, i]));
  }

  /** The classes 0 … C−1. */
  static identity(C: number): Classes {
    return new Classes(Array.from({ length: C }, (_, i) => i));
  }

  /**
   * The sorted distinct labels of y (at least 2), numbers or strings, not both.
   * `what` names the argument in errors.
   */
  static of(y: unknown, what = 'y', atLeast = 2): Classes {
    if (!isNumericArray(y) && !isStringArray(y)) {
      throw new LinclassError('INVALID_DATA', `${what} must be an array of labels, integers or strings (Int32Array, number[], string[], …). Got ${describe(y)} instead.`);
    }
    const seen = new Set<Label>();
    const kind = typeof y[0];
    for (let i = 0; i < y.length; i++) {
      const v = y[i];
      if (typeof v !== kind || (typeof v === 'number' && !(Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31))) {
        throw new LinclassError('INVALID_DATA',
          `${what}[${i}] is ${describe(v)}: labels must be all integers (int32) or all strings (${what}[0] is ${describe(y[0])}).`);
      }
      seen.add(v);
    }
    const values = [...seen].sort(compare);
    if (values.length < atLeast) {
      throw new LinclassError('INVALID_DATA', `${what} holds ${values.length} distinct label${values.length === 1 ? '' : 's'}; a classifier needs at least ${atLeast} classes.`);
    }
    return new Classes(values);
  }

  get length(): number {
    return this.values.length;
  }

  /** The class index of each label of y (N of them); a label that is not a class is INVALID_DATA. */
  encode(y: ArrayLike<unknown>, what = 'y'): Int32Array {
    const out = new Int32Array(y.length);
    if (this.kind === 'index') {
      for (let i = 0; i < y.length; i++) {
        const v = y[i];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= this.length) throw this.#unknown(what, i, v);
        out[i] = v;
      }
      return out;
    }
    for (let i = 0; i < y.length; i++) {
      const c = this.#index.get(y[i] as Label);
      if (c === undefined) throw this.#unknown(what, i, y[i]);
      out[i] = c;
    }
    return out;
  }

  #unknown(what: string, i: number, v: unknown): LinclassError {
    const shown = this.values.length <= 10 ? this.values.map((x) => describe(x)).join(', ') : `${describe(this.values[0])} … ${describe(this.values.at(-1))}`;
    return new LinclassError('INVALID_DATA', `${what}[${i}] is ${describe(v)}, which is not one of this classifier's ${this.length} classes (${shown}).`);
  }

  /** The labels of class indices: an Int32Array for integer labels, string[] for strings. */
  decode(codes: Int32Array): LabelArray {
    if (this.kind === 'index') return codes;
    if (this.kind === 'integer') return Int32Array.from(codes, (c) => this.values[c] as number);
    return Array.from(codes, (c) => this.values[c] as string);
  }

  /** The index of the class an option key names (a label, or its text for numbers), or -1. */
  indexOfKey(key: string): number {
    if (this.kind === 'string') return this.#index.get(key) ?? -1;
    const v = Number(key);
    return String(v) === key ? this.#index.get(v) ?? -1 : -1;
  }

  /** The labels as a plain array (a copy). */
  toArray(): Label[] {
    return [...this.values];
  }
}

function isStringArray(a: unknown): a is string[] {
  return Array.isArray(a) && a.length > 0 && typeof a[0] === 'string';
}
