import {
  sgd_simd, sgd_scalar, momentum_simd, momentum_scalar, nesterov_simd, nesterov_scalar,
  adagrad_simd, adagrad_scalar, rmsprop_simd, rmsprop_scalar, adam_simd, adam_scalar,
} from "../../assembly/index";
import { U32, TINY, MaxErr, seed, uniform, below, allocF32, free, getF, setF, copyF32, expectSameF32, logLine } from "./helpers";

// optim.ts promises that every SIMD kernel performs the same f32 operations in
// the same order as its scalar twin (sqrt and division correctly rounded in
// both), so x and every state buffer must agree bit for bit after every step:
// no tolerance anywhere in the twin comparisons. Each rule runs 5 consecutive
// steps from zero state and a random x, with a fresh gradient per step that
// holds exact zeros (+0 and −0) and tiny values (|g| ~ 1e-20, far below ε, so
// g² and (1 − β2)·g² are subnormal or underflow and ε dominates the
// denominator; and f32 subnormals ~ 1e-40, whose square is 0).
//
// Every buffer sits between sentinels: PAD_BEFORE f32 before the pointer (16
// bytes, so the pointer stays 16-byte aligned) and PAD_AFTER f32 right after
// element count − 1, so a vector store past the end (or a missing tail) shows.
// The gradient is also checked to be left untouched.

/** Counts for the update kernels (count % 4 == 0): the model sizes the other specs use. */
const COUNTS: StaticArray<i32> = [4, 8, 12, 16, 40, 400, 10 * 3076];
const LRS: StaticArray<f32> = [0.01, 0.5];
const STEPS = 5;

const MU: f32 = 0.9;
const RHO: f32 = 0.99;
const BETA1: f32 = 0.9;
const BETA2: f32 = 0.999;
const EPS: f32 = 1e-8;

const SGD = 0, MOMENTUM = 1, NESTEROV = 2, ADAGRAD = 3, RMSPROP = 4, ADAM = 5;
const RULES = 6;

function ruleName(rule: i32): string {
  return rule == SGD ? "sgd" : rule == MOMENTUM ? "momentum" : rule == NESTEROV ? "nesterov" :
    rule == ADAGRAD ? "adagrad" : rule == RMSPROP ? "rmsprop" : "adam";
}

/** State buffers of a rule: v (momentum, nesterov), cache (adagrad, rmsprop), m and v (adam). */
function stateCount(rule: i32): i32 {
  return rule == SGD ? 0 : rule == ADAM ? 2 : 1;
}

function stateName(rule: i32, s: i32): string {
  if (rule == ADAM) return s == 0 ? "m" : "v";
  return rule == ADAGRAD || rule == RMSPROP ? "cache" : "v";
}

/** One step of `rule` (adam at step count t), SIMD or scalar. */
function update(simd: bool, rule: i32, count: i32, x: usize, g: usize, s0: usize, s1: usize, lr: f32, t: i32): void {
  if (rule == SGD) {
    if (simd) sgd_simd(count, x, g, lr);
    else sgd_scalar(count, x, g, lr);
  } else if (rule == MOMENTUM) {
    if (simd) momentum_simd(count, x, g, s0, lr, MU);
    else momentum_scalar(count, x, g, s0, lr, MU);
  } else if (rule == NESTEROV) {
    if (simd) nesterov_simd(count, x, g, s0, lr, MU);
    else nesterov_scalar(count, x, g, s0, lr, MU);
  } else if (rule == ADAGRAD) {
    if (simd) adagrad_simd(count, x, g, s0, lr, EPS);
    else adagrad_scalar(count, x, g, s0, lr, EPS);
  } else if (rule == RMSPROP) {
    if (simd) rmsprop_simd(count, x, g, s0, lr, RHO, EPS);
    else rmsprop_scalar(count, x, g, s0, lr, RHO, EPS);
  } else {
    if (simd) adam_simd(count, x, g, s0, s1, lr, BETA1, BETA2, EPS, t);
    else adam_scalar(count, x, g, s0, s1, lr, BETA1, BETA2, EPS, t);
  }
}

// ---- guarded buffers --------------------------------------------------------

const PAD_BEFORE = 4;
const PAD_AFTER = 8;

function sentinelBits(k: i32): u32 {
  return 0x7fa5c300 + <u32>k; // signalling-NaN patterns no kernel produces
}

/** count zero-filled f32 with sentinels either side; returns the 16-byte aligned data pointer. */
function allocGuarded(count: i32): usize {
  const base = allocF32(PAD_BEFORE + count + PAD_AFTER);
  for (let k = 0; k < PAD_BEFORE + count + PAD_AFTER; k++) {
    if (k < PAD_BEFORE || k >= PAD_BEFORE + count) store<u32>(base + (<usize>k << 2), sentinelBits(k));
  }
  return base + (<usize>PAD_BEFORE << 2);
}

function freeGuarded(p: usize): void {
  free(p - (<usize>PAD_BEFORE << 2));
}

/** Expects the sentinels around the count f32 at p untouched; names the first one written. */
function expectSentinels(what: string, shape: string, p: usize, count: i32): void {
  const base = p - (<usize>PAD_BEFORE << 2);
  for (let k = 0; k < PAD_BEFORE + count + PAD_AFTER; k++) {
    if (k >= PAD_BEFORE && k < PAD_BEFORE + count) continue;
    const got = load<u32>(base + (<usize>k << 2));
    if (got != sentinelBits(k)) {
      const rel = k - PAD_BEFORE; // index relative to p: negative before, ≥ count after
      expect<u32>(got).toBe(sentinelBits(k), what + " written outside [ptr, ptr + count) at index " + rel.toString() +
        ": expected sentinel 0x" + sentinelBits(k).toString(16) + ", got 0x" + got.toString(16) + " (" + shape + ")");
      return;
    }
  }
}

/** Expects count f32 at p to be +0 (bits 0). */
function expectZero(what: string, shape: string, p: usize, count: i32): void {
  for (let k = 0; k < count; k++) {
    const got = load<u32>(p + (<usize>k << 2));
    if (got != 0) {
      expect<u32>(got).toBe(0, what + " written at index " + k.toString() + ": expected 0, got " +
        reinterpret<f32>(got).toString() + " [0x" + got.toString(16) + "] (" + shape + ")");
      return;
    }
  }
}

// ---- inputs -----------------------------------------------------------------

/**
 * A fresh gradient in [-1, 1): about one element in eight an exact zero (+0 or
 * −0), one in eight tiny (±[0, 1e-20), or an f32 subnormal ±~1e-40). The first
 * elements pin one of each so small counts see them too.
 */
function fillGradient(g: usize, count: i32): void {
  for (let k = 0; k < count; k++) {
    const r = below(16);
    let v: f32;
    if (r == 0) v = 0;
    else if (r == 1) v = -0.0;
    else if (r == 2) v = uniform() * <f32>1e-20;
    else if (r == 3) v = uniform() < 0 ? <f32>-1e-40 : <f32>1e-40;
    else v = uniform();
    setF(g, k, v);
  }
  const pinned: StaticArray<f32> = [0, <f32>1e-20, -0.0, <f32>-1e-20, <f32>1e-40];
  for (let k = 0; k < min(count, pinned.length); k++) setF(g, k, pinned[k]);
}

// ---- the update rules -------------------------------------------------------

function checkRule(rule: i32, count: i32, lr: f32): void {
  seed(<u32>(0x0971 + 7919 * count + 131 * rule + (lr > 0.1 ? 17 : 0)));
  const base = ruleName(rule) + " count=" + count.toString() + " lr=" + lr.toString();
  const ns = stateCount(rule);
  const x1 = allocGuarded(count), x2 = allocGuarded(count), g = allocGuarded(count), g0 = allocF32(count);
  // State for the scalar (a1, b1) and the SIMD (a2, b2) twin, zero to start.
  const a1 = allocGuarded(count), a2 = allocGuarded(count), b1 = allocGuarded(count), b2 = allocGuarded(count);
  for (let k = 0; k < count; k++) setF(x1, k, uniform());
  copyF32(x2, x1, count);

  for (let t = 1; t <= STEPS; t++) {
    const shape = base + " step t=" + t.toString();
    fillGradient(g, count);
    copyF32(g0, g, count);
    update(false, rule, count, x1, g, a1, b1, lr, t);
    update(true, rule, count, x2, g, a2, b2, lr, t);
    const sim = ruleName(rule) + "_simd", sca = ruleName(rule) + "_scalar";
    expectSameF32(sim + " x vs " + sca, shape, x1, x2, count, count);
    if (ns >= 1) expectSameF32(sim + " " + stateName(rule, 0) + " vs " + sca, shape, a1, a2, count, count);
    if (ns >= 2) expectSameF32(sim + " " + stateName(rule, 1) + " vs " + sca, shape, b1, b2, count, count);
    expectSameF32(sim + " changed g", shape, g0, g, count, count);
    expectSentinels(sca + " x", shape, x1, count);
    expectSentinels(sim + " x", shape, x2, count);
    expectSentinels(sca + "/" + sim + " g", shape, g, count);
    // All four state buffers keep their sentinels; the ones the rule does not use stay zero.
    if (ns < 1) {
      expectZero(sca + " unused state", shape, a1, count);
      expectZero(sim + " unused state", shape, a2, count);
    }
    if (ns < 2) {
      expectZero(sca + " unused state", shape, b1, count);
      expectZero(sim + " unused state", shape, b2, count);
    }
    expectSentinels(sca + " state 0", shape, a1, count);
    expectSentinels(sim + " state 0", shape, a2, count);
    expectSentinels(sca + " state 1", shape, b1, count);
    expectSentinels(sim + " state 1", shape, b2, count);
  }
  freeGuarded(x1);
  freeGuarded(x2);
  freeGuarded(g);
  free(g0);
  freeGuarded(a1);
  freeGuarded(a2);
  freeGuarded(b1);
  freeGuarded(b2);
}

/** A run of 5 steps really changes x and the state (not a vacuous comparison of zeros). */
function checkMoves(rule: i32): void {
  const count = 40;
  seed(<u32>(0x3a11 + rule));
  const x = allocGuarded(count), x0 = allocF32(count), g = allocGuarded(count);
  const a = allocGuarded(count), b = allocGuarded(count);
  for (let k = 0; k < count; k++) setF(x, k, uniform());
  copyF32(x0, x, count);
  let changed = 0;
  for (let t = 1; t <= STEPS; t++) {
    for (let k = 0; k < count; k++) setF(g, k, uniform());
    update(true, rule, count, x, g, a, b, 0.01, t);
  }
  for (let k = 0; k < count; k++) if (getF(x, k) != getF(x0, k)) changed++;
  expect<bool>(changed > count / 2).toBe(true, ruleName(rule) + "_simd changed only " + changed.toString() +
    " of " + count.toString() + " parameters in " + STEPS.toString() + " steps");
  if (stateCount(rule) >= 1) {
    let nz = 0;
    for (let k = 0; k < count; k++) if (getF(a, k) != 0) nz++;
    expect<i32>(nz).toBe(count, ruleName(rule) + "_simd left state " + stateName(rule, 0) + " zero somewhere");
  }
  freeGuarded(x);
  free(x0);
  freeGuarded(g);
  freeGuarded(a);
  freeGuarded(b);
}

// ---- adam's first step ------------------------------------------------------

// At t = 1 from zero state, m = (1 − β1)·g, v = (1 − β2)·g² and the bias
// corrections divide (1 − β1) and (1 − β2) back out, so in exact arithmetic
// the step is lr·g / (|g| + ε): sign of g, magnitude lr·|g|/(|g| + ε), which is
// within lr·ε/|g| of lr.
//
// Tolerance, starting from x = 0 so that x_new = 0 − step = −step exactly:
// the numerator lr·(m/c1) carries 3 roundings (b11·g, /c1, lr·) plus at most 1
// ulp from c1 = f32(1 − β1^t) against b11 = 1 − β1 (in fact equal here);
// √(v/c2) carries g·g, b21·, /c2, c2 itself (≤ 4 roundings, halved by the
// square root) and the sqrt (1): ≤ 3 relative to |g|, hence ≤ 3 relative to
// |g| + ε; then + ε (1) and the division (1). In all ≤ 4 + 3 + 2 = 9 units of
// U32 (plus O(U32²)); the f64 reference adds ~3·2^-53. We allow 16·U32.
// While (1 − β2)·g² is subnormal or underflows (|g| < √(TINY/(1 − β2)) ≈
// 3.4e-18), √v can be wrong by up to |g| in absolute terms (v flushed to 0 at
// worst), a relative error ≤ |g|/(|g| + ε) ≤ |g|/ε of the denominator: that
// term is added for such g. A gradient of exactly ±0 must leave x = 0 alone.
function checkAdamFirstStep(simd: bool, lr: f32): void {
  const count = 400;
  seed(<u32>(0xada + (lr > 0.1 ? 1 : 0)));
  const shape = "adam t=1 from zero state, x = 0, lr=" + lr.toString() + " count=" + count.toString() + (simd ? " simd" : " scalar");
  const x = allocGuarded(count), g = allocGuarded(count), m = allocGuarded(count), v = allocGuarded(count);
  // |g| spread over 10^0 .. 10^-24: far above ε, around ε, far below ε.
  for (let k = 0; k < count; k++) {
    let s: f32 = 1;
    const e = k % 25;
    for (let j = 0; j < e; j++) s *= 0.1;
    let gv = uniform() * s;
    if (k % 50 == 49) gv = k % 100 == 49 ? 0 : -0.0;
    setF(g, k, gv);
  }
  if (simd) adam_simd(count, x, g, m, v, lr, BETA1, BETA2, EPS, 1);
  else adam_scalar(count, x, g, m, v, lr, BETA1, BETA2, EPS, 1);
  const name = simd ? "adam_simd" : "adam_scalar";
  const vnormal: f64 = Math.sqrt(TINY / (1 - <f64>BETA2));
  for (let k = 0; k < count; k++) {
    const gk = <f64>getF(g, k);
    const step = -<f64>getF(x, k);
    if (gk == 0) {
      expect<u32>(reinterpret<u32>(getF(x, k)) & 0x7fffffff).toBe(0, name + " moved x at index " + k.toString() +
        " where g = " + gk.toString() + ": got " + getF(x, k).toString() + " (" + shape + ")");
      continue;
    }
    const ag = Math.abs(gk);
    const ref = <f64>lr * gk / (ag + <f64>EPS);
    const tol = (16 * U32 + (ag < vnormal ? ag / <f64>EPS : 0)) * Math.abs(ref);
    const where = " at index " + k.toString() + " (g = " + gk.toString() + ")";
    if ((step > 0) != (gk > 0)) {
      expect<f64>(step).toBe(ref, name + " step has the wrong sign" + where + ": expected " + ref.toString() +
        ", got " + step.toString() + " (" + shape + ")");
    }
    if (!(Math.abs(step - ref) <= tol)) {
      expect<f64>(step).toBe(ref, name + " step ≠ lr·g/(|g| + eps)" + where + ": expected " + ref.toString() +
        ", got " + step.toString() + ", |diff| " + Math.abs(step - ref).toString() + " > tol " + tol.toString() + " (" + shape + ")");
    }
    adamErr.update(Math.abs(step - ref) / Math.abs(ref) / U32, shape);
    // |g| ≫ ε: the magnitude is lr, to within lr·(ε/|g| + 16·U32).
    if (ag >= 1e3 * <f64>EPS) {
      const tl = <f64>lr * (<f64>EPS / ag + 16 * U32);
      if (!(Math.abs(Math.abs(step) - <f64>lr) <= tl)) {
        expect<f64>(Math.abs(step)).toBe(<f64>lr, name + " |step| not ≈ lr" + where + ": got " + Math.abs(step).toString() +
          ", |diff| " + Math.abs(Math.abs(step) - <f64>lr).toString() + " > tol " + tl.toString() + " (" + shape + ")");
      }
    }
  }
  expectSentinels(name + " x", shape, x, count);
  expectSentinels(name + " m", shape, m, count);
  expectSentinels(name + " v", shape, v, count);
  freeGuarded(x);
  freeGuarded(g);
  freeGuarded(m);
  freeGuarded(v);
}

const adamErr = new MaxErr("adam t=1 max |step − lr·g/(|g|+eps)| / |ref| / 2^-24");

// ---- the specs --------------------------------------------------------------

describe("update rules: <rule>_simd vs <rule>_scalar", () => {
  it("agree bit for bit in x and every state buffer over 5 steps, and write nothing outside [ptr, ptr + count)", () => {
    for (let rule = 0; rule < RULES; rule++) {
      for (let c = 0; c < COUNTS.length; c++) {
        for (let l = 0; l < LRS.length; l++) checkRule(rule, COUNTS[c], LRS[l]);
      }
    }
  });

  it("actually move x and fill the state in 5 steps", () => {
    for (let rule = 0; rule < RULES; rule++) checkMoves(rule);
  });
});

describe("adam at t = 1 from zero state", () => {
  it("steps by lr·g/(|g| + eps): the sign of g, magnitude ≈ lr for |g| ≫ eps, x unchanged for g = ±0", () => {
    for (let l = 0; l < LRS.length; l++) {
      checkAdamFirstStep(false, LRS[l]);
      checkAdamFirstStep(true, LRS[l]);
    }
  });

  it("reports the largest relative error observed", () => {
    logLine(adamErr.report());
  });
});
