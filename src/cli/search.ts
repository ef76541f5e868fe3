// linclass search: train one model per learning rate × regularization pair (with
// --solver lbfgs one per regularization) and report train and validation
// accuracy and why training stopped for each (hyperparameterSearch).
import { join } from 'node:path';
import { Dataset, LinearClassifier, hyperparameterSearch, preprocess, type HyperparameterRow, type LossName, type OptimizerName, type PenaltyName, type Preprocessing } from '../api.js';
import { describeData, frac, out, table } from './io.js';
import type { Loaded } from './load.js';
import { writeModel } from './model.js';
import { writeSearchPlot } from '../plots/index.js';
import { describePrep, preprocessingFor, type PrepFlags } from './prepare.js';
import { arrangeFiles, classesOf, loadSets, type SetFlags } from './sets.js';

export interface SearchFlags extends PrepFlags, SetFlags {
  val?: string[];
  lrs: number[];
  regs: number[];
  mode: 'grid' | 'random';
  trials: number;
  solver: 'auto' | 'minibatch' | 'lbfgs';
  maxIter?: number;
  tol?: number;
  loss: LossName;
  optimizer: OptimizerName;
  penalty: PenaltyName;
  epochs: number;
  batch: number | 'full';
  classes?: number;
  out?: string;
  plots?: string;
}

const dataset = (s: Loaded, p: Preprocessing): Dataset => Dataset.from(preprocess(s.X, s.numFeatures, p), s.y, { numFeatures: s.numFeatures });

export async function search(given: string[], f: SearchFlags, digits: URL): Promise<void> {
  let { files, other: val } = await arrangeFiles(given, f.val);
  // `search train.csv val.csv`: two CSV files are the training and the validation set
  if (!val && f.split === undefined && files.length === 2 && files.every((p) => /\.csv(\.gz)?$/i.test(p))) {
    val = [files[1]];
    files = [files[0]];
  }
  // without --val, validation rows are held out of the training rows (for the embedded digits, of rows 1–1500: never the test rows)
  const split = !val && f.split === undefined ? 0.1 : f.split;
  const { train: tr, other: va } = await loadSets(files, val, { ...f, split }, digits, '--val');
  const p = preprocessingFor(tr, f);
  const numClasses = f.classes ?? classesOf(tr, va);
  const lbfgs = f.solver === 'lbfgs';
  const models = f.mode === 'grid' ? (lbfgs ? 1 : f.lrs.length) * f.regs.length : f.trials;
  out(...describeData(tr, va, 'validation', tr.numFeatures, numClasses, describePrep(p)));
  out(lbfgs
    ? `${f.loss}: ${models} models (${f.mode === 'grid' ? 'regs' : 'random regs in their range'}), L-BFGS, seed ${f.seed}`
    : `${f.loss}: ${models} models (${f.mode === 'grid' ? 'learning rates × regs' : 'random pairs in their ranges'}), ${f.optimizer}, batch ${f.batch}, ${f.epochs} epochs, seed ${f.seed}`);
  const train = dataset(tr, p), validation = dataset(va!, p);
  try {
    const t0 = performance.now();
    const { results, best, model } = hyperparameterSearch(train, validation, {
      regs: f.regs, mode: f.mode, trials: f.trials, seed: f.seed, numClasses, loss: f.loss, penalty: f.penalty, tol: f.tol,
      ...(lbfgs ? { solver: 'lbfgs', maxIter: f.maxIter } : { learningRates: f.lrs, optimizer: f.optimizer, epochs: f.epochs, batchSize: f.batch }),
    });
    try {
      const lr = (r: HyperparameterRow) => (lbfgs ? '-' : String(+r.learningRate.toPrecision(4)));
      out(...table([
        ['  learning rate', 'reg', 'train acc', 'val acc', 'stop', ''],
        ...results.map((r) => [`  ${lr(r)}`, String(+r.reg.toPrecision(4)), frac(r.trainAccuracy), frac(r.valAccuracy),
          `${r.stopReason} (${r.nIter})`, r === best ? 'best' : '']),
      ]));
      out(`best: ${lbfgs ? '' : `learning rate ${lr(best)}, `}reg ${+best.reg.toPrecision(4)}: validation accuracy ${frac(best.valAccuracy)} (${((performance.now() - t0) / 1000).toFixed(1)} s in all)`);
      if (f.plots && lbfgs) out('plots: none (the search plot sets learning rates against regs; L-BFGS has no learning rate)');
      else if (f.plots) out(`plots: ${writeSearchPlot(join(f.plots, 'search.png'), results)}`);
      if (f.out) {
        const o = model.options;
        const keep = new LinearClassifier({ ...o, preprocessing: p });
        try {
          keep.setWeights(model.coef, model.intercept);
          out(`saved the best model to ${f.out} (${writeModel(f.out, keep)} bytes)`);
        } finally {
          keep.dispose();
        }
      }
    } finally {
      model.dispose();
    }
  } finally {
    train.dispose();
    validation.dispose();
  }
}
