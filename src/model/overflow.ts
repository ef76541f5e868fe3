// Results at float32's limit. A score W·x + b, a loss or a gradient that
// overflows float32 is refused with a sentence naming the row and class (or the
// entry of W or b), never handed on as NaN or Infinity. The checks read what
// the kernels return — a scan of the N·C scores, the evaluation kernels' total
// (NaN when a score overflowed), a scan of the C·D gradient or weights — so a
// call in range pays O(N·C) or O(C·D) at most; only a failing call recomputes
// scores to say which one overflowed.
import { LinclassError } from '../base/errors.js';
import { kernels } from '../runtime/module.js';
import { f32, freeAll } from '../runtime/memory.js';
import type { Classes } from './labels.js';

/** What the checks read of a model: its shape, labels and the pointers of theta = [W | b] and grad = [dW | db]. */
export interface Checked {
  readonly numFeatures: number;
  readonly numClasses: number;
  readonly Dp: number;
  readonly count: number;
  readonly classes: Classes;
  readonly thetaPtr: number;
  readonly gradPtr: number;
}

/** The advice every overflow message ends with. */
const ADVICE = "the features or the weights are too large for float32 (at most ±3.4028235e38). Scale the features down (the 'preprocessing' option's scale) or use smaller weights.";
/** Rows per scores call when looking for the score that overflowed. */
const ROWS = 64;

const label = (m: Checked, c: number): string => {
  const v = m.classes.toArray()[c];
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
};

/** Where a score overflowed: the dataset row, the class index and the value the kernel gave. */
export interface BadScore { row: number; cls: number; value: number }

/** "the score of class 2 for row 17, W·x + b, came out Infinity" */
export function describeScore(m: Checked, s: BadScore): string {
  return `the score of class ${label(m, s.cls)} for row ${s.row}, W·x + b, came out ${s.value}`;
}

/** Throws INVALID_DATA unless the N·C scores at S (a view on linear memory at ptr) are all finite. */
export function checkScores(m: Checked, ptr: number, S: Float32Array, N: number): void {
  const C = m.numClasses, bad = kernels().first_nonfinite_simd(N * C, ptr);
  if (bad < 0) return;
  const s = { row: Math.floor(bad / C), cls: bad % C, value: S[bad] };
  throw new LinclassError('INVALID_DATA', `Cannot score the data: ${describeScore(m, s)}; ${ADVICE}`);
}

/** The first score among the n rows listed at idx (rows of X) that is not finite, recomputed; null when all are. */
export function firstBadScore(m: Checked, n: number, X: number, idx: number): BadScore | null {
  const k = kernels(), C = m.numClasses, rows = Math.min(ROWS, n), W = m.thetaPtr, b = W + C * m.Dp * 4;
  const S = f32(rows * C);
  let P = null;
  try {
    P = f32(rows * C * 4);
    for (let r = 0; r < n; r += ROWS) {
      const len = Math.min(ROWS, n - r);
      k.scores_nt_simd(len, m.Dp, C, X, idx + 4 * r, W, b, S.ptr, P.ptr);
      const bad = k.first_nonfinite_simd(len * C, S.ptr);
      if (bad >= 0) {
        const i = r + Math.floor(bad / C);
        return { row: new Int32Array(k.memory.buffer, idx, n)[i], cls: bad % C, value: S.view[bad] };
      }
    }
    return null;
  } finally {
    freeAll(S, P);
  }
}

/** What made a loss over the n rows at idx non-finite: "the loss became NaN", and the score that overflowed when one did. */
export function lossFault(m: Checked, n: number, X: number, idx: number, loss: number): string {
  const s = firstBadScore(m, n, X, idx);
  return `the loss became ${loss}${s ? `: ${describeScore(m, s)}` : ''}`;
}

/** "W[2][5]" or "b[1]": entry i of a C×Dp | C layout. */
function entry(m: Checked, i: number): string {
  const C = m.numClasses, Dp = m.Dp;
  return i < C * Dp ? `W[${Math.floor(i / Dp)}][${i % Dp}]` : `b[${i - C * Dp}]`;
}

/**
 * What went wrong in a fused step over the n rows at idx that returned `loss`
 * (its gradient in grad): a non-finite loss or gradient entry, or null when both are finite.
 */
export function stepFault(m: Checked, n: number, X: number, idx: number, loss: number): string | null {
  if (!Number.isFinite(loss)) return lossFault(m, n, X, idx, loss);
  const k = kernels(), bad = k.first_nonfinite_simd(m.count, m.gradPtr);
  if (bad < 0) return null;
  return `the gradient's entry ${entry(m, bad)} became ${new Float32Array(k.memory.buffer, m.gradPtr, m.count)[bad]}`;
}

/**
 * After an update: null when W and b are finite, else what made them not — a gradient entry that was not
 * finite (every update rule carries it into the weights), or the update itself. One scan of C·D floats.
 */
export function weightsFault(m: Checked): string | null {
  const k = kernels(), bad = k.first_nonfinite_simd(m.count, m.thetaPtr);
  if (bad < 0) return null;
  const g = k.first_nonfinite_simd(m.count, m.gradPtr);
  if (g >= 0) return `the gradient's entry ${entry(m, g)} became ${new Float32Array(k.memory.buffer, m.gradPtr, m.count)[g]}`;
  return `the update took ${entry(m, bad)} to ${new Float32Array(k.memory.buffer, m.thetaPtr, m.count)[bad]}`;
}

/**
 * lossAndGradient's check: the loss, or INVALID_DATA naming the score, loss or gradient entry that overflowed.
 * The scores are recomputed (one forward pass): the SVM's kernel takes a NaN margin for an inactive one, so
 * its loss and gradient alone do not show every overflow.
 */
export function checkStep(m: Checked, n: number, X: number, idx: number, loss: number): number {
  const s = firstBadScore(m, n, X, idx);
  const fault = s ? describeScore(m, s) : stepFault(m, n, X, idx, loss);
  if (fault) throw new LinclassError('INVALID_DATA', `Cannot compute the loss and gradient: ${fault}; ${ADVICE}`);
  return loss;
}

/** An evaluation's overflow: INVALID_DATA, with the fault alone kept for training's DIVERGED message. */
export class Overflow extends LinclassError {
  readonly fault: string;
  constructor(fault: string) {
    super('INVALID_DATA', `Cannot evaluate the data: ${fault}; ${ADVICE}`);
    this.fault = fault;
  }
}

/** The error for an evaluation (predict, evaluate) whose kernel total was not finite. */
export function evaluationError(m: Checked, n: number, X: number, idx: number, total: number): Overflow {
  const s = firstBadScore(m, n, X, idx);
  return new Overflow(s ? describeScore(m, s) : `the loss became ${total}`);
}
