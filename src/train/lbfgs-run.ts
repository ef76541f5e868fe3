// One run of full-batch L-BFGS over a Params core, for the smooth objectives
// (softmax with an L2 or no penalty). The objective and its gradient over every
// training row come from the fused step kernel (on the worker pool when the
// call is large enough), in float32; the iterate, the direction (the two-loop
// recursion of lbfgs.ts) and the strong-Wolfe line search (wolfe.ts) live on
// the host in float64, each trial point rounded to the float32 weights the
// kernels read. One record per iteration; stopping on the projected gradient,
// the objective's progress, held-out or validation accuracy, or maxIter. Like
// the mini-batch run, a generator that fit drains at once and fitAsync a slice
// at a time.
import { datasetDisposed } from '../base/checks.js';
import type { Params } from '../model/params.js';
import type { EpochRecord, ResolvedFit } from './options.js';
import type { RunData } from './prepare.js';
import type { FitProgress, History } from './run.js';
import { Stopper } from './stopping.js';
import { LBFGS_MAX_ITER, LBFGS_MEMORY, LBFGS_TOL, type StopReason } from './solver.js';
import { LbfgsMemory, dot, normInf } from './lbfgs.js';
import { wolfeSearch, type LineResult } from './wolfe.js';
import { stepFault } from '../model/overflow.js';
import { diverged, guarded } from './diverge.js';

/** Sufficient decrease and curvature constants of the line search (the usual quasi-Newton choice). */
const C1 = 1e-4, C2 = 0.9;
/** Evaluations one line search may spend. */
const MAX_EVALS = 20;
/** Relative rise of the objective taken as float32 rounding noise (measured: about 5e-8). */
const NOISE = 1e-7;

export class LbfgsRun {
  private readonly p: Params;
  private readonly o: ResolvedFit;
  private readonly data: RunData;
  private readonly mem: LbfgsMemory;
  private readonly stopper: Stopper;
  private readonly maxIter: number;
  private readonly tol: number;
  private readonly x: Float64Array;
  private readonly g: Float64Array;
  private readonly d: Float64Array;
  private readonly xn: Float64Array;
  private readonly gn: Float64Array;
  private readonly best: Float32Array | null;
  private readonly losses: number[] = [];
  private readonly history: History;
  private f = NaN;
  private iter = 0;
  private evals = 0;
  private start = 0;

  constructor(p: Params, o: ResolvedFit, data: RunData) {
    const n = p.count;
    this.p = p;
    this.o = o;
    this.data = data;
    this.mem = new LbfgsMemory(n, o.memory ?? LBFGS_MEMORY);
    this.maxIter = o.maxIter ?? LBFGS_MAX_ITER;
    this.tol = o.tol ?? LBFGS_TOL;
    this.stopper = new Stopper({ ...o, tol: this.tol });
    [this.x, this.g, this.d, this.xn, this.gn] = Array.from({ length: 5 }, () => new Float64Array(n));
    this.best = o.earlyStopping ? new Float32Array(n) : null;
    this.history = { loss: new Float32Array(0), epochs: [], stoppedEarly: false, stopReason: 'maxIter', nIter: 0, solver: 'lbfgs' };
    p.busy = true;
  }

  /** The objective at x (float32-representable), its gradient into g; NaN when the gradient is not finite. */
  private evaluate(x: Float64Array, g: Float64Array): number {
    if (this.data.disposed) throw datasetDisposed();
    const p = this.p, d = this.data;
    p.theta.set(x);
    const f = p.step(d.rows.n, d.X, d.rows.idx, d.y, d.w);
    g.set(p.grad);
    this.evals++;
    return Number.isFinite(f) && stepFault(p, d.rows.n, d.X, d.rows.idx, f) !== null ? NaN : f;
  }

  /** φ(α): the objective at x + α·d, rounded to float32, with its gradient kept in xn, gn. */
  private phi = (alpha: number): { f: number; d: number } => {
    const x = this.x, d = this.d, xn = this.xn;
    for (let i = 0; i < x.length; i++) xn[i] = Math.fround(x[i] + alpha * d[i]);
    const f = this.evaluate(xn, this.gn);
    return { f, d: dot(this.gn, d) };
  };

  /**
   * The iterations. Ended early (an error, or fitAsync's loop left), the
   * weights are those of the last accepted iterate, not of a trial point.
   */
  *loop(pause: () => boolean): Generator<FitProgress, History> {
    let finished = false;
    try {
      const p = this.p;
      this.x.set(p.theta);
      this.start = performance.now();
      this.f = this.evaluate(this.x, this.g);
      if (!Number.isFinite(this.f)) this.diverged();
      let reason: StopReason = 'maxIter';
      while (this.iter < this.maxIter) {
        let r: LineResult | null = null;
        for (let attempt = 0; attempt < 2 && r === null; attempt++) {
          if (attempt === 1) this.mem.clear(); // a direction that failed: once more along −g
          const search = this.search();
          if (search === null) break;
          let it;
          while (!(it = search.next()).done) if (pause()) yield this.progress();
          if (it.value.alpha > 0) r = it.value;
          else if (this.mem.size === 0) break;
        }
        if (r === null) {
          reason = 'converged'; // no decrease measurable along −g either: the optimum, to float32's precision
          break;
        }
        if (!r.last) this.phi(r.alpha);
        this.mem.push(this.x, this.xn, this.g, this.gn);
        this.x.set(this.xn);
        this.g.set(this.gn);
        this.f = r.f;
        const { record, stop } = this.record(r.alpha);
        yield this.progress(record);
        if (stop !== null) {
          reason = stop;
          break;
        }
        if (this.tol > 0 && normInf(this.g) <= this.tol) {
          reason = 'converged';
          break;
        }
      }
      const history = guarded('the training data', () => this.finish(reason), this.stopped);
      finished = true;
      yield { ...this.progress(), epoch: this.iter, done: true, history };
      return history;
    } finally {
      this.p.busy = false;
      this.data.dispose();
      if (!finished && !this.p.freed && !this.p.stale) this.p.theta.set(this.x);
    }
  }

  /** The line search along the L-BFGS direction, or null when the gradient is zero. */
  private search(): Generator<void, LineResult> | null {
    const g = this.g, d = this.d;
    this.mem.direction(g, d);
    let d0 = dot(g, d);
    if (!(d0 < 0)) {
      this.mem.clear();
      this.mem.direction(g, d);
      d0 = dot(g, d);
    }
    if (!(d0 < 0)) return null;
    const first = this.mem.size === 0 ? Math.min(1, 1 / normInf(g)) : 1;
    return wolfeSearch(this.phi, this.f, d0, first, { c1: C1, c2: C2, maxEvals: MAX_EVALS, epsF: NOISE * Math.abs(this.f) });
  }

  /**
   * Records the iteration and asks the stopper. trainLoss is the objective the
   * step kernel gave at the iterate; the training accuracy would cost a pass
   * over every row (as much as the gradient on small sets), so it is measured
   * on the last record only (finish) and NaN before. The validation and
   * held-out sets are evaluated every iteration.
   */
  private record(alpha: number): { record: EpochRecord; stop: StopReason | null } {
    const p = this.p, d = this.data;
    this.iter++;
    p.theta.set(this.x);
    const record: EpochRecord = {
      epoch: this.iter, loss: this.f, trainLoss: this.f, trainAccuracy: NaN, learningRate: alpha, seconds: 0,
    };
    guarded('the validation or held-out data', () => d.report(p, record), this.stopped);
    const now = performance.now();
    record.seconds = (now - this.start) / 1000;
    this.start = now;
    this.losses.push(this.f);
    this.history.epochs.push(record);
    const { best, stop } = this.stopper.check(record);
    if (best) this.best!.set(p.theta);
    this.o.onEpoch?.(record);
    return { record, stop };
  }

  private progress(record?: EpochRecord): FitProgress {
    return { epoch: this.iter + (record ? 0 : 1), step: record ? 1 : 0, stepsPerEpoch: 1, totalSteps: this.evals, loss: this.f, record, done: false, solver: 'lbfgs' };
  }

  private finish(reason: StopReason): History {
    const h = this.history, p = this.p, d = this.data, last = h.epochs.at(-1);
    p.theta.set(this.x);
    if (last) last.trainAccuracy = p.evaluate(d.train, d.w, d.heldOut ? d.rows : undefined).accuracy;
    if (this.best && this.o.earlyStopping?.restoreBest) p.theta.set(this.best);
    h.loss = Float32Array.from(this.losses);
    if (this.stopper.bestEpoch !== undefined) h.bestEpoch = this.stopper.bestEpoch;
    h.stopReason = reason;
    h.stoppedEarly = reason === 'earlyStopping';
    h.nIter = p.nIter = this.iter;
    return h;
  }

  /** The starting weights give a non-finite loss or gradient: the step again at them, to say which. */
  private diverged(): never {
    const p = this.p, d = this.data;
    const fault = stepFault(p, d.rows.n, d.X, d.rows.idx, p.step(d.rows.n, d.X, d.rows.idx, d.y, d.w));
    this.history.stopReason = 'diverged';
    throw diverged(`Training diverged before the first L-BFGS iteration: at the starting weights ${fault ?? 'the loss was not finite'}. Start from finite, smaller weights (setWeights), or scale the features down.`, this.history);
  }

  /** An evaluation between iterations overflowed: stops with the last accepted iterate (loop's finally restores it). */
  private stopped = (fault: string): never => {
    this.history.stopReason = 'diverged';
    throw diverged(`Training diverged at L-BFGS iteration ${this.iter}: ${fault}. The weights are those of the last accepted iterate.`, this.history);
  };
}
