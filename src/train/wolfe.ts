// A line search for the strong Wolfe conditions (Nocedal & Wright, Algorithms
// 3.5 and 3.6), on the host in float64, along φ(α) = f(x + α·d):
//   sufficient decrease  φ(α) ≤ φ(0) + c1·α·φ'(0)
//   curvature            |φ'(α)| ≤ c2·|φ'(0)|
// The objective comes from float32 kernels, so its values carry rounding noise
// that swamps the decrease of a step close to the optimum, while φ'(α) = g·d
// stays informative. Two things keep the search working there: a decrease
// within `epsF` of φ(0) counts as sufficient (the approximate Wolfe condition
// of Hager and Zhang), and the bracket is narrowed on the sign of φ'(α) first
// and on values only when they clearly rose. A generator: it yields after each
// evaluation so that fitAsync can hand the event loop back in between.

/** φ and φ' at α; the evaluator keeps the point's weights and gradient. */
export interface LinePoint {
  f: number;
  d: number;
}

export interface WolfeOptions {
  c1: number;
  c2: number;
  /** Evaluations allowed in one search. */
  maxEvals: number;
  /** Rises of φ below this count as noise. */
  epsF: number;
}

export interface LineResult {
  /** True when α meets the conditions; false when the evaluations ran out first. */
  ok: boolean;
  alpha: number;
  f: number;
  d: number;
  /** True when α was the last point evaluated (its gradient is the evaluator's latest). */
  last: boolean;
  evals: number;
}

const EXPAND = 4;
const MAX_ALPHA = 1e10;

/** The minimizer of the cubic through (a, fa, da) and (b, fb, db), or NaN. */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - 3 * (fa - fb) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
}

/**
 * Searches along d from φ(0) = f0, φ'(0) = d0 < 0, trying alpha1 first.
 * phi(α) evaluates the objective at x + α·d.
 */
export function* wolfeSearch(phi: (alpha: number) => LinePoint, f0: number, d0: number, alpha1: number,
  o: WolfeOptions): Generator<void, LineResult> {
  const decreased = (a: number, f: number): boolean => f <= f0 + o.c1 * a * d0 || f <= f0 + o.epsF;
  const curved = (d: number): boolean => Math.abs(d) <= -o.c2 * d0;
  // lo: a point with φ' < 0 and a sufficient decrease; hi: a point past the minimizer (φ' ≥ 0 or a rise), or none yet
  let lo = { a: 0, f: f0, d: d0 };
  let hi: { a: number; f: number; d: number } | null = null;
  let a = alpha1, evals = 0, lastA = NaN;
  while (evals < o.maxEvals) {
    const p = phi(a);
    evals++;
    lastA = a;
    yield;
    const finite = Number.isFinite(p.f) && Number.isFinite(p.d);
    if (finite && decreased(a, p.f) && curved(p.d)) return { ok: true, alpha: a, f: p.f, d: p.d, last: true, evals };
    if (!finite || p.d >= 0 || !decreased(a, p.f)) {
      hi = { a, f: finite ? p.f : Infinity, d: finite ? p.d : Infinity };
    } else {
      lo = { a, f: p.f, d: p.d };
    }
    if (hi === null) {
      a = Math.min(a * EXPAND, MAX_ALPHA);
      if (lo.a >= MAX_ALPHA) break;
      continue;
    }
    const width = hi.a - lo.a;
    if (Math.abs(width) <= 1e-12 * Math.max(1, Math.abs(hi.a))) break;
    let next = Number.isFinite(hi.f) ? cubicMin(lo.a, lo.f, lo.d, hi.a, hi.f, hi.d) : NaN;
    const l = Math.min(lo.a, hi.a) + 0.1 * Math.abs(width), r = Math.max(lo.a, hi.a) - 0.1 * Math.abs(width);
    if (!(next >= l && next <= r)) next = lo.a + 0.5 * width;
    a = next;
  }
  return { ok: false, alpha: lo.a, f: lo.f, d: lo.d, last: lo.a === lastA, evals };
}
