// Fixtures shared by the kernel specs: a deterministic PRNG, 16-byte aligned
// buffers from the module's own allocator, random batches read through a
// shuffled row index, and comparisons whose failure message names the index,
// the expected (scalar twin) value, the got (SIMD) value and the shape.
import { alloc, free, scores_nt_simd, scores_nt_scalar, scratch_floats } from "../../assembly/index";
import { lossRows, STEP_ROWS } from "../../assembly/step";
import { LOSS_SVM, LOSS_SOFTMAX, LOSS_OVA } from "../../assembly/enums";

/** Unit roundoff of f32 (2^-24): one rounding moves x by at most U32·|x|. */
export const U32: f64 = 5.9604644775390625e-8;
/** Unit roundoff of f64 (2^-53). */
export const U64: f64 = 1.1102230246251565e-16;
/** Smallest normal f32: absorbs underflow of products of small inputs. */
export const TINY: f64 = 1.1754943508222875e-38;

// ---- PRNG -------------------------------------------------------------------

let state: u32 = 1;

/** Restarts the xorshift32 stream; every spec case seeds itself, so cases are independent. */
export function seed(s: u32): void {
  state = s != 0 ? s : 0x9e3779b9;
}

export function nextU32(): u32 {
  let x = state;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  state = x;
  return x;
}

/** Uniform in [-1, 1) on a grid of 2^-23, so every value is an exact f32. */
export function uniform(): f32 {
  return <f32>(<i32>(nextU32() >>> 8) - (1 << 23)) * <f32>(1.0 / 8388608.0);
}

/** Uniform integer in [0, k). */
export function below(k: i32): i32 {
  return <i32>(nextU32() % <u32>k);
}

// ---- losses -----------------------------------------------------------------

/** The host's name of a LOSS_* value, for the specs' shapes. */
export function lossName(loss: i32): string {
  return loss == LOSS_SVM ? "svm" : loss == LOSS_SOFTMAX ? "softmax" : loss == LOSS_OVA ? "ova" : "structured";
}

// ---- buffers ----------------------------------------------------------------

export function allocF32(count: i32): usize {
  return alloc(<usize>max(count, 1) << 2);
}

export function allocI32(count: i32): usize {
  return alloc(<usize>max(count, 1) << 2);
}

export function allocF64(count: i32): usize {
  return alloc(<usize>max(count, 1) << 3);
}

export { free };

@inline export function getF(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}

@inline export function setF(p: usize, i: i32, v: f32): void {
  store<f32>(p + (<usize>i << 2), v);
}

@inline export function getI(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

@inline export function setI(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}

@inline export function getD(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline export function setD(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

export function copyF32(dst: usize, src: usize, count: i32): void {
  memory.copy(dst, src, <usize>count << 2);
}

/** Fills count f32 with uniform values times `scale` plus `offset`. */
export function fillUniform(p: usize, count: i32, scale: f32, offset: f32): void {
  for (let k = 0; k < count; k++) setF(p, k, uniform() * scale + offset);
}

export function roundUp4(D: i32): i32 {
  return (D + 3) & ~3;
}

// ---- a random batch ---------------------------------------------------------

/**
 * A dataset X (N×Dp, pad columns zero) with N > n rows, labels y (N), a batch of
 * n distinct rows picked by a shuffled, non-identity idx, and a model W (C×Dp,
 * pad columns zero) and b (C). All values in [-1, 1).
 */
export class Batch {
  N: i32;
  Dp: i32;
  X: usize;
  y: usize;
  idx: usize;
  W: usize;
  b: usize;

  constructor(public n: i32, public D: i32, public C: i32) {
    const N = n + 3 + (n >> 1);
    const Dp = roundUp4(D);
    this.N = N;
    this.Dp = Dp;
    const X = allocF32(N * Dp);
    for (let r = 0; r < N; r++) fillUniform(X + (<usize>(r * Dp) << 2), D, 1, 0);
    const W = allocF32(C * Dp);
    for (let c = 0; c < C; c++) fillUniform(W + (<usize>(c * Dp) << 2), D, 1, 0);
    const b = allocF32(C);
    fillUniform(b, C, 1, 0);
    const y = allocI32(N);
    for (let r = 0; r < N; r++) setI(y, r, below(C));
    // Fisher–Yates over all N rows, keep the first n; reverse if that happens to be 0..n-1.
    const perm = allocI32(N);
    for (let r = 0; r < N; r++) setI(perm, r, r);
    for (let r = N - 1; r > 0; r--) {
      const k = below(r + 1);
      const t = getI(perm, r);
      setI(perm, r, getI(perm, k));
      setI(perm, k, t);
    }
    let identity = true;
    for (let i = 0; i < n; i++) if (getI(perm, i) != i) identity = false;
    if (identity) for (let i = 0; i < n; i++) setI(perm, i, N - 1 - i);
    const idx = allocI32(n);
    memory.copy(idx, perm, <usize>n << 2);
    free(perm);
    this.X = X;
    this.W = W;
    this.b = b;
    this.y = y;
    this.idx = idx;
  }

  /** Byte offset of batch row i (dataset row idx[i]). */
  row(i: i32): usize {
    return this.X + (<usize>(getI(this.idx, i) * this.Dp) << 2);
  }

  label(i: i32): i32 {
    return getI(this.y, getI(this.idx, i));
  }

  shape(): string {
    return "n=" + this.n.toString() + " D=" + this.D.toString() + " Dp=" + this.Dp.toString() +
      " C=" + this.C.toString() + " N=" + this.N.toString();
  }

  dispose(): void {
    free(this.X);
    free(this.W);
    free(this.b);
    free(this.y);
    free(this.idx);
  }
}

/**
 * Σ_d |X[idx[i], d]·W[c, d]| + |b[c]|, the scale of every rounding error in score
 * (i, c), written to A (n×C f64).
 */
export function scoreMagnitudes(bt: Batch, A: usize): void {
  for (let i = 0; i < bt.n; i++) {
    const x = bt.row(i);
    for (let c = 0; c < bt.C; c++) {
      const w = bt.W + (<usize>(c * bt.Dp) << 2);
      let a: f64 = Math.abs(<f64>getF(bt.b, c));
      for (let d = 0; d < bt.Dp; d++) a += Math.abs(<f64>getF(x, d) * <f64>getF(w, d));
      setD(A, i * bt.C + c, a);
    }
  }
}

/**
 * Allowed |scores_nt_simd − scores_nt_scalar| for a score of magnitude scale A
 * (see gemm.spec.ts for the argument).
 */
export function scoreTolerance(Dp: i32, A: f64): f64 {
  return 8 * U32 * Math.sqrt(<f64>Dp) * A + TINY;
}

// ---- the pieces of step and evaluate, one row at a time ---------------------

/**
 * Runs the pieces the fused kernels are made of, separately, for one ISA: scores
 * block by block of STEP_ROWS rows exactly as step/evaluate compute them (S,
 * n×C), the per-row loss (L, n f64) and the loss gradient scale·dS (dS, n×C).
 * With r0, r1: only rows r0 … r1 − 1, blocked from r0 as step_block and
 * evaluate_block compute them (other rows stay 0); r1 < 0 means n.
 */
export class Pieces {
  S: usize;
  dS: usize;
  L: usize;

  constructor(public simd: bool, public bt: Batch, public loss: i32, public delta: f32, public scale: f32,
    r0: i32 = 0, r1: i32 = -1) {
    const n = bt.n, C = bt.C;
    if (r1 < 0) r1 = n;
    this.S = allocF32(n * C);
    this.dS = allocF32(n * C);
    this.L = allocF64(n);
    const P = allocF32(STEP_ROWS * C * 4);
    for (let r = r0; r < r1; r += STEP_ROWS) {
      const rows = min(STEP_ROWS, r1 - r);
      const bidx = bt.idx + (<usize>r << 2);
      const S = this.S + (<usize>(r * C) << 2);
      if (simd) scores_nt_simd(rows, bt.Dp, C, bt.X, bidx, bt.W, bt.b, S, P);
      else scores_nt_scalar(rows, bt.Dp, C, bt.X, bidx, bt.W, bt.b, S);
    }
    free(P);
    copyF32(this.dS, this.S, n * C);
    for (let i = r0; i < r1; i++) {
      const Li = lossRows(simd, 1, C, bt.idx + (<usize>i << 2), bt.y, 0, this.dS + (<usize>(i * C) << 2), loss, delta, scale);
      setD(this.L, i, Li);
    }
  }

  dispose(): void {
    free(this.S);
    free(this.dS);
    free(this.L);
  }
}

// ---- comparisons ------------------------------------------------------------

/** Names element k of a matrix with `cols` columns; k < 0 names a scalar result. */
function where(k: i32, cols: i32): string {
  if (k < 0) return "the total";
  if (cols <= 0) return "row " + k.toString();
  return "index " + k.toString() + " (row " + (k / cols).toString() + ", col " + (k % cols).toString() + ")";
}

function f32str(bits: u32): string {
  return reinterpret<f32>(bits).toString() + " [0x" + bits.toString(16) + "]";
}

/**
 * Expects count f32 at got to equal those at expected bit for bit (NaN payloads
 * and the sign of zero included); reports the first difference.
 */
export function expectSameF32(what: string, shape: string, expected: usize, got: usize, count: i32, cols: i32): void {
  for (let k = 0; k < count; k++) {
    const e = load<u32>(expected + (<usize>k << 2));
    const g = load<u32>(got + (<usize>k << 2));
    if (e != g) {
      expect<u32>(g).toBe(e, what + " differs at " + where(k, cols) + ": expected " + f32str(e) +
        ", got " + f32str(g) + " (" + shape + ")");
      return;
    }
  }
}

/** Expects two f64 to be identical bit for bit. */
export function expectSameF64(what: string, shape: string, expected: f64, got: f64): void {
  if (reinterpret<u64>(expected) != reinterpret<u64>(got)) {
    expect<f64>(got).toBe(expected, what + " differs: expected " + expected.toString() + ", got " +
      got.toString() + " (" + shape + ")");
  }
}

/**
 * Expects |got − expected| ≤ tol (fails on NaN) for element k of a matrix with
 * `cols` columns (k < 0: a total; cols 0: row k).
 */
export function expectWithin(what: string, shape: string, k: i32, cols: i32, expected: f64, got: f64, tol: f64): void {
  if (!(Math.abs(got - expected) <= tol)) {
    expect<f64>(got).toBe(expected, what + " out of tolerance at " + where(k, cols) + ": expected " + expected.toString() +
      ", got " + got.toString() + ", |diff| " + Math.abs(got - expected).toString() + " > tol " + tol.toString() +
      " (" + shape + ")");
  }
}

/** Expects every one of count f32 at p to be finite. */
export function expectFinite(what: string, shape: string, p: usize, count: i32, cols: i32): void {
  for (let k = 0; k < count; k++) {
    const v = getF(p, k);
    if (!isFinite(v)) {
      expect<f32>(v).toBeFinite(what + " not finite at " + where(k, cols) + ": got " + v.toString() + " (" + shape + ")");
      return;
    }
  }
}

// as-pect shows a logged string by its address, cached per spec file: a string
// allocated where an earlier logged one was freed would be shown as that earlier
// one. Logged lines are therefore kept alive.
const logged = new Array<string>();

/** Logs a line of a spec's report. */
export function logLine(line: string): void {
  logged.push(line);
  log<string>(line);
}

/** Running maximum of an error measure, with the shape where it occurred. */
export class MaxErr {
  value: f64 = 0;
  shape: string = "";

  constructor(public name: string) {}

  update(v: f64, shape: string): void {
    if (v > this.value) {
      this.value = v;
      this.shape = shape;
    }
  }

  report(): string {
    return this.name + " = " + this.value.toString() + (this.shape.length ? " at " + this.shape : "");
  }
}

// ---- a small call for the specs that expect a trap --------------------------

/**
 * Every buffer a step, evaluation, landscape or objective call needs on one small
 * batch (n = 20 rows across STEP_ROWS, D = 7, C = 3), valid for every kernel, so
 * that a spec expecting a trap on an unknown enum fails cleanly if the kernel runs.
 * Made once (spec closures cannot capture locals) and never freed.
 */
export class Fixture {
  bt: Batch;
  n: i32;
  Dp: i32;
  C: i32;
  S: usize;
  part: usize;
  dW: usize;
  db: usize;
  pred: usize;
  correct: usize;
  W1: usize;
  W2: usize;
  A: usize;
  B: usize;
  Wt: usize;
  out: usize;
  W64: usize;
  b64: usize;
  S64: usize;
  reg: usize;

  constructor() {
    seed(0x7a9);
    const bt = new Batch(20, 7, 3);
    const C = bt.C, Dp = bt.Dp;
    this.bt = bt;
    this.n = bt.n;
    this.Dp = Dp;
    this.C = C;
    this.S = allocF32(scratch_floats(C));
    this.part = allocF32(C * Dp + C);
    this.dW = allocF32(C * Dp);
    this.db = allocF32(C);
    this.pred = allocI32(bt.n);
    this.correct = allocI32(1);
    this.W1 = allocF32(C * Dp);
    this.W2 = allocF32(C * Dp);
    this.A = allocF64(2);
    this.B = allocF64(2);
    this.Wt = allocF32(C * Dp);
    this.out = allocF64(2);
    this.W64 = allocF64(C * Dp);
    this.b64 = allocF64(C);
    this.S64 = allocF64(C);
    this.reg = allocF64(1);
  }
}

let fixtureCache: Fixture | null = null;

export function fixture(): Fixture {
  if (fixtureCache == null) fixtureCache = new Fixture();
  return fixtureCache!;
}
