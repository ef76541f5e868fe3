// Gradient checks, as in the notes: compare the analytic gradient with a finite
// difference of the loss, coordinate by coordinate, by the relative error
// |a − n| / max(|a|, |n|). The loss for the difference is evaluated in float64
// (objective_f64_scalar) so that its rounding stays far below what is judged.
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

/** The notes' reading of a relative error: < 1e-7 great, < 1e-4 ok, ≤ 1e-2 uncomfortable, above that wrong. */
export type GradCheckVerdict = 'great' | 'ok' | 'uncomfortable' | 'wrong';

export interface GradCheckOptions {
  /** Coordinates to check, ≥ 1; every one when this is at least C·D + C. Default 10. */
  samples?: number;
  /** The step h > 0 of the centered difference. Default 1e-5. */
  h?: number;
  /** Seed in [0, 2^32) of the sampled coordinates. Default 0. */
  seed?: number;
  /** @internal Changes the analytic gradient before the comparison (tests make it wrong on purpose). */
  tamper?: (dW: Float32Array, db: Float32Array) => void;
}

export interface GradCheckEntry {
  /** The coordinate: index < C·D is W[⌊index/D⌋, index mod D], else b[index − C·D]. */
  index: number;
  /** The library's gradient (lossAndGradient) at that coordinate. */
  analytic: number;
  /** The centered difference of the float64 loss. */
  numerical: number;
  /** |analytic − numerical| / max(|analytic|, |numerical|), 0 when both are 0. */
  relError: number;
}

export interface GradCheck {
  checks: GradCheckEntry[];
  maxRelError: number;
  verdict: GradCheckVerdict;
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

/** The verdict for a relative error, with the notes' thresholds. */
export function verdictOf(relError: number): GradCheckVerdict {
  if (!(relError <= 1e-2)) return 'wrong';
  return relError < 1e-7 ? 'great' : relError < 1e-4 ? 'ok' : 'uncomfortable';
}

/**
 * The notes' gradient check on a classifier: its analytic gradient of the full
 * loss over `data` against a centered difference at `samples` coordinates of
 * [W | b] drawn from `seed`. The library's gradient is float32, so a correct one
 * scores 'ok' (about 1e-6) rather than 'great'. Near an SVM hinge or an L1 kink
 * a difference can straddle the kink and disagree; where the true derivative is
 * exactly 0 (an SVM bias whose margin counts cancel) the analytic value is float32
 * rounding (~1e-8) against 0, relative error 1: read `analytic` and `numerical`
 * there. The classifier is unchanged. Throws LinclassError ('INVALID_OPTION',
 * 'INVALID_DATA') naming the option or data at fault.
 *
 * @example
 * const { maxRelError, verdict } = gradCheck(clf, { X, y }, { samples: 20 });
 */
export function gradCheck(clf: LinearClassifier, data: TrainData, options: GradCheckOptions = {}): GradCheck {
  const plain = typeof options === 'object' && options !== null && !Array.isArray(options);
  const { tamper, ...rest } = (plain ? options : {}) as GradCheckOptions;
  const o = validateOptions<Required<Omit<GradCheckOptions, 'tamper'>>>('gradCheck', CHECK, plain ? rest : options);
  return withDataset('gradCheck', clf, data, (ds) => {
    const { dW, db } = clf.lossAndGradient(ds);
    tamper?.(dW, db);
    const k = kernels(), C = clf.numClasses, D = clf.numFeatures, Dp = padded(D), m = clf.options;
    const total = C * D + C;
    const picks: number[] = [];
    if (o.samples >= total) for (let i = 0; i < total; i++) picks.push(i);
    else {
      const rng = new Rng(o.seed), seen = new Set<number>();
      while (picks.length < o.samples) {
        const i = rng.below(total);
        if (!seen.has(i)) { seen.add(i); picks.push(i); }
      }
    }
    const W = f64(C * Dp), b = f64(C), S = f64(C), reg = f64(1);
    try {
      padRows(clf.coef, C, D, W.view);
      b.view.set(clf.intercept);
      const p = ds.ptrs();
      // Data and penalty parts are differenced apart: rows a coordinate does not
      // touch give the same data loss bit for bit, so only real change remains.
      const at = (): [number, number] => {
        const data = k.objective_f64_scalar(ds.numRows, Dp, C, p.X, p.all, p.y, W.ptr, b.ptr, reg.ptr, S.ptr,
          LOSS[m.loss], PENALTY[m.penalty], m.delta, m.reg, m.l2Ratio);
        return [data, reg.view[0]];
      };
      const checks = picks.map((index) => {
        const [buf, j] = index < C * D ? [W, Math.floor(index / D) * Dp + (index % D)] : [b, index - C * D];
        const old = buf.view[j];
        buf.view[j] = old + o.h;
        const [dp, rp] = at();
        buf.view[j] = old - o.h;
        const [dm, rm] = at();
        buf.view[j] = old;
        const numerical = (dp - dm + (rp - rm)) / ((old + o.h) - (old - o.h));
        const analytic = index < C * D ? dW[index] : db[index - C * D];
        return { index, analytic, numerical, relError: relativeError(analytic, numerical) };
      });
      const maxRelError = checks.reduce((a, c) => (c.relError > a || Number.isNaN(c.relError) ? c.relError : a), 0);
      return { checks, maxRelError, verdict: verdictOf(maxRelError) };
    } finally {
      freeAll(W, b, S, reg);
    }
  });
}
