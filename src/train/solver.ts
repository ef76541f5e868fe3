// Which solver a fit runs, and the options that only one of them reads.
//   'lbfgs'      full-batch L-BFGS (lbfgs-run.ts) for the smooth objectives
//   'minibatch'  the update rules over mini-batches (run.ts), with the
//                classic defaults (Adam 0.01, batches of 32, 20 epochs)
//   'auto'       L-BFGS for softmax with an L2 or no penalty on up to
//                AUTO_LBFGS_ROWS rows; otherwise the mini-batch solver with the
//                no-tuning settings of autoMinibatch (averaged momentum SGD).
//                Setting any option only the mini-batch solver reads selects it
//                with its classic defaults.
import { LinclassError } from '../base/errors.js';
import type { Rule, Table } from '../base/validate.js';
import type { Objective } from '../model/params.js';
import type { LossName } from '../runtime/kernels.js';
import type { Schedule } from './schedule.js';

export type SolverName = 'auto' | 'lbfgs' | 'minibatch';

/** Why training stopped. */
export type StopReason = 'converged' | 'maxIter' | 'earlyStopping' | 'diverged';

export interface SolverOptions {
  /** 'auto' (default), 'lbfgs' or 'minibatch'. */
  solver?: SolverName;
  /** L-BFGS: iterations at most, ≥ 1. Default 100. */
  maxIter?: number;
  /** L-BFGS: correction pairs kept, ≥ 1. Default 10. */
  memory?: number;
  /**
   * Convergence: training stops ('converged') once the training objective has
   * not fallen by more than tol below its best for nIterNoChange iterations
   * (L-BFGS) or epochs in a row, and L-BFGS also once max|gradient| ≤ tol.
   * With validationFraction the held-out accuracy is watched instead
   * ('earlyStopping' when it has not risen by more than tol). 0 turns it off.
   * Default 5e-4 for L-BFGS, 0 (off) for the mini-batch solver.
   */
  tol?: number;
  /** Iterations or epochs without improvement before stopping, ≥ 1. Default 5. */
  nIterNoChange?: number;
  /**
   * Holds out this fraction of the training rows (a seeded shuffle) and stops
   * when their accuracy stops improving, as scikit-learn's early_stopping. Off by default.
   */
  validationFraction?: number;
  /**
   * Mini-batch: the weights become the average of the iterates (scikit-learn's
   * ASGD): true averages every step, an integer k starts once k rows have been
   * seen. Default false.
   */
  average?: boolean | number;
}

/** The rules of the solver options (fit and fitAsync). */
export const SOLVER_OPTIONS: Table = {
  solver: { kind: 'enum', values: ['auto', 'lbfgs', 'minibatch'], default: 'auto' },
  maxIter: { kind: 'number', min: 1, max: 1e9, integer: true, optional: true },
  memory: { kind: 'number', min: 1, max: 1000, integer: true, optional: true },
  tol: { kind: 'number', min: 0, max: Infinity, maxOpen: true, optional: true },
  nIterNoChange: { kind: 'number', min: 1, max: 1e9, integer: true, optional: true },
  validationFraction: { kind: 'number', min: 0, max: 1, minOpen: true, maxOpen: true, optional: true },
  average: {
    kind: 'either', optional: true,
    rules: [{ kind: 'boolean' }, { kind: 'number', min: 1, max: Infinity, maxOpen: true, integer: true }] as Rule[],
  },
};

/** Options only the mini-batch solver reads. */
export const MINIBATCH_ONLY = ['epochs', 'batchSize', 'sampling', 'optimizer', 'learningRate', 'schedule',
  'mu', 'rho', 'beta1', 'beta2', 'epsilon', 'average'] as const;
/** Options only L-BFGS reads. */
export const LBFGS_ONLY = ['maxIter', 'memory'] as const;

/** 'auto' picks L-BFGS for a smooth objective up to this many training rows. */
export const AUTO_LBFGS_ROWS = 10000;
/** L-BFGS's defaults: iterations at most, tolerance, correction pairs kept. */
export const LBFGS_MAX_ITER = 100;
export const LBFGS_TOL = 5e-4;
export const LBFGS_MEMORY = 10;
/** The default of nIterNoChange. */
export const N_ITER_NO_CHANGE = 5;

/**
 * What 'auto' runs on a larger set or a non-smooth objective: momentum SGD
 * (μ 0.9) with the step scaled to the data, lr = 32 / mean(‖x‖² + 1) (the
 * curvature of both losses grows with ‖x‖², the 1 is the bias), batches of
 * N/200 rows (a power of two in [32, 256]), the rate × 0.8 per epoch, and the
 * average of the iterates from the third epoch on; 20 epochs. Measured on
 * Fashion-MNIST and the digits (README, "Solvers").
 */
export function autoMinibatch(rows: number, meanSquaredNorm: number): {
  optimizer: 'momentum'; learningRate: number; batchSize: number; schedule: Schedule; average: number; epochs: number;
} {
  const batchSize = Math.min(256, Math.max(32, 2 ** Math.floor(Math.log2(Math.max(1, rows / 200)))));
  return {
    optimizer: 'momentum', learningRate: 32 / (meanSquaredNorm + 1), batchSize,
    schedule: { type: 'exponential', rate: 0.8 }, average: 2 * rows, epochs: 20,
  };
}

/** The hinge losses, as the L-BFGS refusal names them: each has kinks where a margin is met exactly. */
const KINKS: Partial<Record<LossName, string>> = {
  svm: "the SVM's hinge", ova: "the one-vs-all hinge (loss 'ova')", structured: "the structured SVM's hinge (loss 'structured')",
};

/** True for the objectives L-BFGS handles: softmax with an L2 or no penalty. */
export function smooth(o: Readonly<Objective>): boolean {
  return o.loss === 'softmax' && (o.penalty === 'l2' || o.penalty === 'none' || o.reg === 0);
}

/** The options the mini-batch solver, or L-BFGS, resolves to for `solver` (its defaults already filled in). */
export interface SolverChoice {
  solver: 'lbfgs' | 'minibatch';
  /** With 'auto' on the mini-batch solver and no mini-batch option given: the no-tuning settings. */
  auto: boolean;
}

/**
 * The solver a fit runs. `given` names the options the caller set. Throws
 * INVALID_OPTION for L-BFGS on a non-smooth objective, or for an option the
 * chosen solver does not read.
 */
export function chooseSolver(owner: string, solver: SolverName, given: ReadonlySet<string>, obj: Readonly<Objective>, rows: number): SolverChoice {
  const mini = MINIBATCH_ONLY.filter((k) => given.has(k)), lb = LBFGS_ONLY.filter((k) => given.has(k));
  let chosen: 'lbfgs' | 'minibatch';
  if (solver === 'auto') {
    if (mini.length > 0) chosen = 'minibatch';
    else if (lb.length > 0) chosen = 'lbfgs';
    else chosen = smooth(obj) && rows <= AUTO_LBFGS_ROWS ? 'lbfgs' : 'minibatch';
  } else {
    chosen = solver;
  }
  if (chosen === 'lbfgs' && !smooth(obj)) {
    // the hinge has a kink wherever a margin is met exactly, |W| one at 0: the gradient jumps there
    throw new LinclassError('INVALID_OPTION', `${owner}: solver 'lbfgs' needs a smooth objective (loss 'softmax' with penalty 'l2' or 'none'), ` +
      `and ${KINKS[obj.loss] ?? `penalty '${obj.penalty}'`} has kinks where the gradient jumps. Use solver 'minibatch' (or 'auto', which picks it): it handles every loss and penalty.`);
  }
  const wrong = chosen === 'lbfgs' ? mini : lb;
  if (wrong.length > 0) {
    const other = chosen === 'lbfgs' ? 'minibatch' : 'lbfgs';
    throw new LinclassError('INVALID_OPTION',
      `The '${wrong[0]}' option of ${owner} is read by solver '${other}' only, and this fit runs solver '${chosen}'${solver === 'auto' ? ` (chosen by 'auto')` : ''}. Leave it out, or set solver: '${other}'.`);
  }
  return { solver: chosen, auto: solver === 'auto' && chosen === 'minibatch' && mini.length === 0 };
}
