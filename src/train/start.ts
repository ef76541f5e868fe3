// The start of every training call: options checked, data made ready, the
// solver chosen ('auto' resolved, see solver.ts), and the run that holds the
// loop — L-BFGS's or the mini-batch solver's — set up. Nothing has changed if
// this throws.
import { LinclassError } from '../base/errors.js';
import type { Params } from '../model/params.js';
import { resolveFit } from './options.js';
import { RunData } from './prepare.js';
import { Run, type FitProgress, type History, type Owner } from './run.js';
import { LbfgsRun } from './lbfgs-run.js';
import { autoMinibatch, chooseSolver } from './solver.js';

/** A run: one generator that trains and returns the history. */
export interface Training {
  loop(pause: () => boolean): Generator<FitProgress, History>;
}

export function startRun(p: Params, owner: Owner, train: unknown, options: unknown): Training {
  if (p.busy) {
    throw new LinclassError('INVALID_ARGUMENT',
      `${owner}: this classifier is already training (a fitAsync loop is under way, or this is called from onEpoch); wait for it to end first.`);
  }
  const o = resolveFit(owner, options, p.seed);
  const data = RunData.make(p, owner, train, o);
  try {
    if (owner !== 'partialFit') {
      const choice = chooseSolver(owner, o.solver ?? 'auto', o.given, p.objective, data.rows.n);
      if (choice.solver === 'lbfgs') return new LbfgsRun(p, o, data);
      if (choice.auto) Object.assign(o, autoMinibatch(data.rows.n, data.meanSquaredNorm()));
    }
    return Run.create(p, owner, o, data);
  } catch (e) {
    data.dispose();
    throw e;
  }
}
