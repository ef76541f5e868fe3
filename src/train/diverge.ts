// Divergence: a run that meets a value float32 cannot hold — a step's loss or
// gradient entry, a weight after an update, a score or loss in an evaluation
// between epochs — stops with DIVERGED, naming what and where, with the
// history of the finite steps attached; the run restores the weights first.
import { LinclassError } from '../base/errors.js';
import { Overflow } from '../model/overflow.js';

/** The mini-batch solvers' DIVERGED error: where (epoch and step), what stopped being finite, and the learning rate in use. */
export function divergence(where: string, fault: string, lr: number, history: unknown): LinclassError {
  return diverged(`Training diverged at ${where}: ${fault}. The weights are those of the last step with a finite loss; try a smaller learningRate (this run used ${lr}).`, history);
}

/** A DIVERGED error with the run's history attached. */
export function diverged(message: string, history: unknown): LinclassError {
  return Object.assign(new LinclassError('DIVERGED', message), { history });
}

/** Runs an evaluation of `what` inside a run; an overflow it meets goes to `diverged` as its fault, other errors are thrown. */
export function guarded<T>(what: string, f: () => T, diverged: (fault: string) => never): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Overflow) diverged(`evaluating ${what}, ${e.fault}`);
    throw e;
  }
}
