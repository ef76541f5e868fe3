// Test helpers: a seeded generator for inputs and closeness checks whose failure
// messages name the index, the expected and the got value, and the shape.
import assert from 'node:assert/strict';
import { LinclassError } from '../src/index.js';

/** mulberry32: a small seeded generator for test inputs. */
export function rand(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n values uniform in [lo, hi), rounded to float32. */
export function uniform(r: () => number, n: number, lo = -1, hi = 1): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

/** n integer labels in [0, C). */
export function labels(r: () => number, n: number, C: number): Int32Array {
  return Int32Array.from({ length: n }, () => Math.floor(r() * C));
}

/**
 * Asserts |got[i] − want[i]| ≤ tol·max(1, max_j |want[j]|) for every i: a
 * norm-wise relative bound, so entries that cancel to near zero are judged
 * against the size of the whole array, not against themselves.
 */
export function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length ${got.length}, expected ${want.length}`);
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= tol * scale)) {
      assert.fail(`${what}: index ${i} expected ${want[i]}, got ${got[i]} (|err| ${err} > ${tol}·${scale}; length ${want.length})`);
    }
  }
}

/** Asserts |got − want| ≤ tol·max(1, |want|). */
export function assertNear(got: number, want: number, tol: number, what: string): void {
  const err = Math.abs(got - want);
  if (!(err <= tol * Math.max(1, Math.abs(want)))) assert.fail(`${what}: expected ${want}, got ${got} (|err| ${err})`);
}

/** Asserts fn throws a LinclassError with exactly this code and message. */
export function throwsExactly(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LinclassError, `expected a LinclassError, got ${String(e)}`);
    assert.equal(e.message, message);
    assert.equal(e.code, code);
    return true;
  });
}

/** Bytes per value and the big-endian writer of each IDX value type. */
const IDX_TYPES: Record<number, [number, (dv: DataView, at: number, v: number) => void]> = {
  0x08: [1, (dv, at, v) => dv.setUint8(at, v)],
  0x09: [1, (dv, at, v) => dv.setInt8(at, v)],
  0x0b: [2, (dv, at, v) => dv.setInt16(at, v)],
  0x0c: [4, (dv, at, v) => dv.setInt32(at, v)],
  0x0d: [4, (dv, at, v) => dv.setFloat32(at, v)],
  0x0e: [8, (dv, at, v) => dv.setFloat64(at, v)],
};

/**
 * An IDX file: magic 0 0 type ndim, big-endian sizes, then `values` big-endian as that type (their count need not
 * match the sizes; an unknown type's values go in as single bytes, for files a reader must refuse).
 */
export function idxBytes(type: number, shape: number[], values: ArrayLike<number>): Uint8Array {
  const [size, put] = IDX_TYPES[type] ?? IDX_TYPES[0x08];
  const o = 4 + 4 * shape.length, out = new Uint8Array(o + size * values.length), dv = new DataView(out.buffer);
  out.set([0, 0, type, shape.length]);
  shape.forEach((n, i) => dv.setUint32(4 + 4 * i, n));
  for (let i = 0; i < values.length; i++) put(dv, o + size * i, values[i]);
  return out;
}
