// linclass gradcheck: the notes' gradient check of lossAndGradient (gradCheck)
// for each loss × penalty, on small seeded random data.
import { LinearClassifier, gradCheck, type LossName, type PenaltyName } from '../api.js';
import { Rng } from '../base/rng.js';
import { DataError, UsageError } from './errors.js';
import { out, table } from './io.js';
import { lossesOf } from './model.js';

export interface GradcheckFlags {
  loss: LossName | 'both' | 'all';
  penalty: PenaltyName | 'all';
  rows: number;
  features: number;
  classes: number;
  samples: number;
  h: number;
  seed: number;
}

/** The most values the random data (N × D) and the weights (C × D) may hold: 64 MiB of float32 each. */
const SIZE = 2 ** 24;

/** Uniform in [lo, hi) from the integer Rng. */
const uniform = (rng: Rng, n: number, lo: number, hi: number): Float32Array =>
  Float32Array.from({ length: n }, () => lo + (hi - lo) * (rng.nextU32() / 2 ** 32));

export function gradcheck(f: GradcheckFlags): void {
  const losses = lossesOf(f.loss);
  const penalties: PenaltyName[] = f.penalty === 'all' ? ['none', 'l2', 'l1', 'elasticnet'] : [f.penalty];
  const { rows: N, features: D, classes: C } = f;
  // checked before the random data is drawn: a size past these would fail only after minutes of drawing, or in the allocator
  if (N * D > SIZE || C * D > SIZE) {
    throw new UsageError(`The gradient check runs on small random data: --rows × --features and --classes × --features must each be at most ${SIZE}. Got ${N} × ${D} and ${C} × ${D}.`);
  }
  const rng = new Rng(f.seed);
  const X = uniform(rng, N * D, -1, 1), y = Int32Array.from({ length: N }, () => rng.below(C));
  const W = uniform(rng, C * D, -0.5, 0.5), b = uniform(rng, C, -0.1, 0.1);
  out(`gradient check: ${N} rows × ${D} features, ${C} classes, random weights; ${f.samples} coordinates of [W | b] per case, centered difference h ${f.h}, seed ${f.seed}`);
  const rows = [['  loss', 'penalty', 'max rel error', 'verdict']];
  let wrong = 0;
  for (const loss of losses) {
    for (const penalty of penalties) {
      const clf = new LinearClassifier({ loss, penalty, numFeatures: D, numClasses: C, reg: 0.1, seed: f.seed });
      try {
        clf.setWeights(W, b);
        const r = gradCheck(clf, { X, y }, { samples: f.samples, h: f.h, seed: f.seed });
        if (r.verdict === 'wrong') wrong++;
        rows.push([`  ${loss}`, penalty, r.maxRelError.toExponential(2), r.verdict]);
      } finally {
        clf.dispose();
      }
    }
  }
  out(...table(rows), '(relative error |a − n| / max(|a|, |n|), the analytic side in float64: < 1e-7 great; ok below 1e-4 with kinks (svm, ova, structured, l1, elasticnet), below 1e-6 without; ≤ 1e-2 uncomfortable, above that wrong)');
  if (wrong) throw new DataError(`${wrong} of ${rows.length - 1} gradient checks are wrong.`);
}
