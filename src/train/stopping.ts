// When a run stops before its last epoch or iteration, as scikit-learn decides
// it: `tol` with `nIterNoChange` on the training objective ('converged'), or on
// the accuracy of the rows held out by validationFraction ('earlyStopping'),
// and the `earlyStopping` option's patience on the validation set's accuracy
// ('earlyStopping', keeping the best epoch's weights).
import type { EpochRecord, ResolvedFit } from './options.js';
import { N_ITER_NO_CHANGE, type StopReason } from './solver.js';

export class Stopper {
  /** With earlyStopping: the epoch (or iteration) whose weights are kept. */
  bestEpoch: number | undefined;
  private bestAcc = -Infinity;
  private wait = 0;
  private bestScore = -Infinity;
  private bestLoss = Infinity;
  private noChange = 0;

  constructor(readonly o: Pick<ResolvedFit, 'earlyStopping' | 'nIterNoChange' | 'validationFraction'> & { tol: number }) {}

  /**
   * After an epoch's record: whether its weights are the best so far (to keep
   * for earlyStopping's restoreBest) and the reason to stop now, if any.
   */
  check(r: EpochRecord): { best: boolean; stop: StopReason | null } {
    const es = this.o.earlyStopping, n = this.o.nIterNoChange ?? N_ITER_NO_CHANGE, tol = this.o.tol;
    let best = false, stop: StopReason | null = null;
    if (es && r.valAccuracy !== undefined) {
      if (r.valAccuracy > this.bestAcc + es.minDelta || this.bestEpoch === undefined) {
        this.bestAcc = r.valAccuracy;
        this.bestEpoch = r.epoch;
        best = true;
        this.wait = 0;
      } else if (++this.wait >= es.patience) {
        stop = 'earlyStopping';
      }
    }
    if (r.heldOutAccuracy !== undefined) {
      this.noChange = r.heldOutAccuracy < this.bestScore + tol ? this.noChange + 1 : 0;
      this.bestScore = Math.max(this.bestScore, r.heldOutAccuracy);
      if (this.noChange >= n) stop ??= 'earlyStopping';
    } else if (tol > 0) {
      this.noChange = r.trainLoss > this.bestLoss - tol ? this.noChange + 1 : 0;
      this.bestLoss = Math.min(this.bestLoss, r.trainLoss);
      if (this.noChange >= n) stop ??= 'converged';
    }
    return { best, stop };
  }
}
