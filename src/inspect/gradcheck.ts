// Gradient checks, as in the notes: compare the analytic gradient with a finite
// difference of the loss, coordinate by coordinate, by the relative error
// |a − n| / max(|a|, |n|). The loss for the difference is evaluated in float64
// (objective_f64_scalar), row by row, so that its rounding stays far below what
// is judged; the analytic side is read in float64 too (gradient64.ts).
import { Rng } from '../base/rng.js';
import { LinclassError } from '../base/errors.js';
import { describe, validateOptions, type Table } from '../base/validate.js';
import { seedRule } from '../base/checks.js';
import { kernels } from '../runtime/module.js';
import { LOSS, PENALTY } from '../runtime/kernels.js';
import { f64, freeAll, padded } from '../runtime/memory.js';
import { padRows } from '../model/params.js';
import type { TrainData } from '../model/data.js';
import type { LinearClassifier } from '../api/classifier.js';
import { withDataset } from './probe.js';
import { gradient64 } from './gradient64.js';

export interface NumericalGradientOptions {
  /** The step h > 0. Default 1e-5. */
  h?: number;
  /** 'centered' (f(x+h) − f(x−h)) / 2h, or 'forward' (f(x+h) − f(x)) / h. Default 'centered'. */
  method?: 'centered' | 'forward';
}

const NUMERICAL: Table = {
  h: { kind: 'number', min: 0, max: Infinity, minOpen: true, maxOpen: true, default: 1e-5 },
  method: { kind: 'enum', values: ['centered', 'forward'], default: 'centered' },
};

/**
 * The numerical gradient of any f at x by finite differences, one coordinate at
 * a time; x is changed during the call and restored exactly. The step is the one
 * actually stored (x[i] + h rounds in a Float32Array), so the quotient stays
 * right in float32. Returns a Float64Array of x.length partial derivatives.
 * Throws LinclassError('INVALID_OPTION') for a bad option, or when x[i] ± h
 * rounds back to x[i].
 *
 * @example
 * const g = numericalGradient((x) => x[0] * x[0] + 3 * x[1], new Float64Array([2, 1]));
 * // ≈ [4, 3]
 */
export function numericalGradient<X extends Float32Array | Float64Array>(
  f: (x: X) => number, x: X, options: NumericalGradientOptions = {}): Float64Array {
  const o = validateOptions<Required<NumericalGradientOptions>>('numericalGradient', NUMERICAL, options);
  if (typeof f !== 'function') {
    throw new LinclassError('INVALID_ARGUMENT', `numericalGradient needs a function f(x) returning a number. Got ${describe(f)} instead.`);
  }
  if (!(x instanceof Float32Array || x instanceof Float64Array)) {
    throw new LinclassError('INVALID_ARGUMENT', `numericalGradient needs x as a Float32Array or Float64Array. Got ${describe(x)} instead.`);
  }
  const g = new Float64Array(x.length);
  const f0 = o.method === 'forward' ? f(x) : 0;
  for (let i = 0; i < x.length; i++) {
    const old = x[i];
    try {
      x[i] = old + o.h;
      const up = x[i] - old;
      const fp = f(x);
      if (o.method === 'forward') {
        g[i] = (fp - f0) / tooSmall(up, old, o.h, i);
        continue;
      }
      x[i] = old - o.h;
      const down = old - x[i];
      const fm = f(x);
      g[i] = (fp - fm) / tooSmall(up + down, old, o.h, i);
    } finally {
      x[i] = old;
    }
  }
  return g;
}

function tooSmall(step: number, x: number, h: number, i: number): number {
  if (step > 0) return step;
  throw new LinclassError('INVALID_OPTION',
    `The 'h' option of numericalGradient is too small for x[${i}] = ${x}: x ± ${h} rounds back to x. Use a larger h or a Float64Array.`);
}

/** The notes' reading of a relative error, against the thresholds that apply (GradCheck.thresholds). */
export type GradCheckVerdict = 'great' | 'ok' | 'uncomfortable' | 'wrong';

/** Where the readings change: 'great' below `great`, 'ok' below `ok`, 'uncomfortable' up to `uncomfortable`, 'wrong' above. */
export interface GradCheckThresholds {
  great: number;
  ok: number;
  uncomfortable: number;
}

/** The notes' thresholds for objectives with kinks (the hinge losses, L1): below 1e-4 is usually okay. */
export const KINK_THRESHOLDS: Readonly<GradCheckThresholds> = Object.freeze({ great: 1e-7, ok: 1e-4, uncomfortable: 1e-2 });
/**
 * Without kinks (softmax with no penalty or L2) the notes call 1e-4 too high and
 * 1e-7 happy: 'ok' ends a decade above 'great'.
 */
export const SMOOTH_THRESHOLDS: Readonly<GradCheckThresholds> = Object.freeze({ great: 1e-7, ok: 1e-6, uncomfortable: 1e-2 });

/** float32's unit roundoff. */
const U32 = 2 ** -24;

export interface GradCheckOptions {
  /** Coordinates to check, ≥ 1; every one when this is at least C·D + C. Default 10. */
  samples?: number;
  /** The step h > 0 of the centered difference. Default 1e-5. */
  h?: number;
  /** Seed in [0, 2^32) of the sampled coordinates. Default 0. */
  seed?: number;
  /** @internal Changes the library's gradient before the comparison (tests make it wrong on purpose). */
  tamper?: (dW: Float32Array, db: Float32Array) => void;
}

export interface GradCheckEntry {
  /** The coordinate: index < C·D is W[⌊index/D⌋, index mod D], else b[index − C·D]. */
  index: number;
  /**
   * The analytic derivative judged: the check's float64 evaluation of the library's
   * gradient formulas where the library's value lies within `floor` of it (the
   * library's value is then that number in float32 rounding), else the library's value.
   */
  analytic: number;
  /** The library's gradient (lossAndGradient, float32) at that coordinate. */
  library: number;
  /** The centered difference of the float64 loss, taken row by row. */
  numerical: number;
  /** |analytic − numerical| / max(|analytic|, |numerical|), 0 when both are 0. */
  relError: number;
  /** |analytic| and |numerical| are both below `floor`: they agree as far as float32 can tell. */
  belowFloor: boolean;
  /** A kink lies within reach of the step (or of float32 rounding of the scores): the difference may straddle it. */
  nearKink: boolean;
}

export interface GradCheck {
  checks: GradCheckEntry[];
  /** The largest relError among the entries judged: neither below the floor nor near a kink (0 when none is). */
  maxRelError: number;
  verdict: GradCheckVerdict;
  /** True when the objective has kinks (a hinge loss: 'svm', 'ova', 'structured'; penalty 'l1' or 'elasticnet'): which thresholds applied. */
  kinks: boolean;
  thresholds: GradCheckThresholds;
  /** The absolute floor 4·√N·u·S: u = 2^-24, N rows, S the largest Σ|term| any gradient entry sums. */
  floor: number;
}

const CHECK: Table = {
  samples: { kind: 'number', min: 1, max: 1e9, integer: true, default: 10 },
  h: NUMERICAL.h,
  seed: seedRule(0),
};

/** |a − n| / max(|a|, |n|), 0 when both are 0. */
export function relativeError(a: number, n: number): number {
  const m = Math.max(Math.abs(a), Math.abs(n));
  return m === 0 ? 0 : Math.abs(a - n) / m;
}

/** The verdict for a relative error under the given thresholds (default: the notes' thresholds with kinks). */
export function verdictOf(relError: number, t: GradCheckThresholds = KINK_THRESHOLDS): GradCheckVerdict {
  if (!(relError <= t.uncomfortable)) return 'wrong';
  return relError < t.great ? 'great' : relError < t.ok ? 'ok' : 'uncomfortable';
}

/** `samples` distinct coordinates of total drawn from seed, or all of them in order. */
function pick(total: number, samples: number, seed: number): number[] {
  if (samples >= total) return [...Array(total).keys()];
  const rng = new Rng(seed), seen = new Set<number>(), picks: number[] = [];
  while (picks.length < samples) {
    const i = rng.below(total);
    if (!seen.has(i)) { seen.add(i); picks.push(i); }
  }
  return picks;
}

/**
 * The notes' gradient check on a classifier: its analytic gradient of the full
 * loss over `data` against a centered difference at `samples` coordinates of
 * [W | b] drawn from `seed`, by relative error, read with the notes' thresholds
 * for objectives with kinks (the hinges svm, ova, structured; L1, elastic net: 'ok' < 1e-4) or without
 * (softmax with no penalty or L2: 'ok' < 1e-6); `kinks` and `thresholds` say which.
 *
 * In double precision, as the notes advise: the library's gradient is float32,
 * whose rounding alone reads as 1e-4 on entries a thousand times smaller than the
 * largest. So the check also evaluates the same formulas in float64 (in JavaScript,
 * over the data's rows; a checking tool only) and judges that number wherever the
 * library's value lies within `floor` of it; a library value further off is judged
 * as it is. The difference is summed row by row, so its own rounding stays small.
 * Entries whose analytic and numerical values are both below `floor` (an SVM bias
 * whose margin counts cancel has derivative exactly 0) agree; entries whose step
 * could straddle a kink are not judged. The classifier is unchanged. Throws
 * LinclassError ('INVALID_OPTION', 'INVALID_DATA') naming the option or data at fault.
 *
 * @example
 * const { maxRelError, verdict, kinks } = gradCheck(clf, { X, y }, { samples: 20 });
 */
export function gradCheck(clf: LinearClassifier, data: TrainData, options: GradCheckOptions = {}): GradCheck {
  const plain = typeof options === 'object' && options !== null && !Array.isArray(options);
  const { tamper, ...rest } = (plain ? options : {}) as GradCheckOptions;
  const o = validateOptions<Required<Omit<GradCheckOptions, 'tamper'>>>('gradCheck', CHECK, plain ? rest : options);
  return withDataset('gradCheck', clf, data, (ds) => {
    const { dW, db } = clf.lossAndGradient(ds);
    tamper?.(dW, db);
    const k = kernels(), C = clf.numClasses, D = clf.numFeatures, Dp = padded(D), m = clf.options, N = ds.numRows;
    const W = f64(C * Dp), b = f64(C), S = f64(C), reg = f64(1);
    try {
      const coef = clf.coef, intercept = clf.intercept;
      padRows(coef, C, D, W.view);
      b.view.set(intercept);
      const exact = gradient64(ds, { C, D, W: coef, b: intercept, loss: m.loss, penalty: m.penalty, reg: m.reg, l2Ratio: m.l2Ratio, delta: m.delta });
      const floor = 4 * Math.sqrt(N) * U32 * exact.size.reduce((a, v) => Math.max(a, v), 0);
      const kinks = m.loss !== 'softmax' || m.penalty === 'l1' || m.penalty === 'elasticnet';
      const thresholds = { ...(kinks ? KINK_THRESHOLDS : SMOOTH_THRESHOLDS) };
      const p = ds.ptrs();
      // One row's loss (no penalty), and the penalty alone: a row the coordinate
      // does not touch has the same loss at +h and −h, so it is skipped.
      const rowLoss = (i: number): number => k.objective_f64_scalar(1, Dp, C, p.X, p.all + 4 * i, p.y, W.ptr, b.ptr, reg.ptr, S.ptr,
        LOSS[m.loss], PENALTY.none, m.delta, m.reg, m.l2Ratio);
      const penalty = (): number => {
        k.objective_f64_scalar(1, Dp, C, p.X, p.all, p.y, W.ptr, b.ptr, reg.ptr, S.ptr, LOSS[m.loss], PENALTY[m.penalty], m.delta, m.reg, m.l2Ratio);
        return reg.view[0];
      };
      const checks = pick(C * D + C, o.samples, o.seed).map((index): GradCheckEntry => {
        const [buf, j] = index < C * D ? [W, Math.floor(index / D) * Dp + (index % D)] : [b, index - C * D];
        const rows = exact.rows(index), up = new Float64Array(rows.length), old = buf.view[j];
        buf.view[j] = old + o.h;
        rows.forEach((i, r) => { up[r] = rowLoss(i); });
        const rp = penalty();
        buf.view[j] = old - o.h;
        let sum = 0;
        rows.forEach((i, r) => { sum += up[r] - rowLoss(i); });
        const rm = penalty();
        buf.view[j] = old;
        const numerical = (sum / N + (rp - rm)) / ((old + o.h) - (old - o.h));
        const library = index < C * D ? dW[index] : db[index - C * D];
        const rounded = Math.abs(library - exact.g[index]) <= floor, analytic = rounded ? exact.g[index] : library;
        const belowFloor = Math.abs(analytic) < floor && Math.abs(numerical) < floor;
        const nearKink = exact.nearKink(index, o.h, !rounded);
        return { index, analytic, library, numerical, relError: relativeError(analytic, numerical), belowFloor, nearKink };
      });
      const judged = checks.filter((c) => !c.belowFloor && !c.nearKink);
      // when every entry above the floor is near a kink, those are all there is to read
      const read = judged.length ? judged : checks.filter((c) => !c.belowFloor);
      const maxRelError = read.reduce((a, c) => (c.relError > a || Number.isNaN(c.relError) ? c.relError : a), 0);
      return { checks, maxRelError, verdict: verdictOf(maxRelError, thresholds), kinks, thresholds, floor };
    } finally {
      freeAll(W, b, S, reg);
    }
  });
}
