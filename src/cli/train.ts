// linclass train: load, preprocess, train one loss or several with progress,
// print a summary with train and test accuracy and why training stopped, save
// the model. Mini-batch options are passed only when given, so that the
// library's solver 'auto' chooses.
import { LinearClassifier, type Dataset, type History, type LossName } from '../api.js';
import { describeData, frac, out, table } from './io.js';
import { lossesOf, perLoss, writeModel } from './model.js';
import { describePrep, preprocessingFor } from './prepare.js';
import { progress } from './progress.js';
import { arrangeFiles, classesOf, loadSets, type SetFlags } from './sets.js';
import { writePlots } from './plots.js';
import { trainStream, type StreamFlags } from './stream.js';

export interface TrainFlags extends StreamFlags, SetFlags {
  test?: string[];
  solver: 'auto' | 'lbfgs' | 'minibatch';
  maxIter?: number;
  tol?: number;
  plots?: string;
  progress: boolean;
  /** --stream: read the training files in chunks through a shuffle buffer of `buffer` rows. */
  stream?: boolean;
}

/** What a finished run reports in the summary. */
interface Result {
  loss: LossName;
  train: number;
  test?: number;
  seconds: number;
  stop: string;
}

export async function train(given: string[], f: TrainFlags, digits: URL): Promise<void> {
  const { files, other: test } = await arrangeFiles(given, f.test);
  if (f.stream) return trainStream(files, test, f);
  const losses = lossesOf(f.loss ?? (files.length === 0 ? 'both' : 'softmax'));
  const { train: tr, other: te } = await loadSets(files, test, f, digits, '--test');
  const D = tr.numFeatures;
  const numClasses = f.classes ?? classesOf(tr, te);
  const preprocessing = preprocessingFor(tr, f);
  out(...describeData(tr, te, 'test', D, numClasses, describePrep(preprocessing)));

  const results: Result[] = [];
  let sets: { train: Dataset; test: Dataset | null } | null = null;
  try {
    for (const loss of losses) {
      const clf = new LinearClassifier({ loss, numFeatures: D, numClasses, penalty: f.penalty, reg: f.reg, seed: f.seed, preprocessing });
      try {
        // the preprocessed sets are made once and shared by both losses
        sets ??= { train: clf.toDataset(tr.X, tr.y), test: te && clf.toDataset(te.X, te.y) };
        const given = [f.optimizer, f.lr && `learning rate ${f.lr}`, f.batch && `batch ${f.batch}`, f.epochs && `${f.epochs} epochs`,
          f.maxIter && `at most ${f.maxIter} iterations`, f.tol !== undefined && `tol ${f.tol}`, f.average && 'averaged'].filter(Boolean);
        out(`${loss}: solver ${f.solver}${given.map((g) => `, ${g}`).join('')}, ${f.penalty} reg ${f.reg}, seed ${f.seed}`);
        const bar = progress(loss, f.solver === 'lbfgs' ? f.maxIter ?? 100 : f.epochs, f.progress);
        const t0 = performance.now();
        let history: History | undefined;
        try {
          const run = clf.fitAsync(sets.train, {
            solver: f.solver, epochs: f.epochs, batchSize: f.batch, optimizer: f.optimizer, learningRate: f.lr, maxIter: f.maxIter, tol: f.tol,
            average: f.average, seed: f.seed, validation: sets.test ?? undefined,
          });
          for await (const p of run) {
            bar.update(p);
            if (p.done) history = p.history;
          }
        } finally {
          bar.stop();
        }
        const h = history!, last = h.epochs.at(-1)!;
        const stop = `${h.solver} ${h.stopReason} (${h.nIter} ${h.solver === 'lbfgs' ? 'iterations' : 'epochs'})`;
        out(`${loss}: ${stop}`);
        results.push({ loss, train: last.trainAccuracy, test: last.valAccuracy, seconds: (performance.now() - t0) / 1000, stop });
        if (f.out) {
          const path = losses.length > 1 ? perLoss(f.out, loss) : f.out;
          out(`saved the ${loss} model to ${path} (${writeModel(path, clf)} bytes)`);
        }
        if (f.plots) out(`plots: ${writePlots(f.plots, losses.length > 1 ? loss : '', clf, history!, tr.shape).join(', ')}`);
      } finally {
        clf.dispose();
      }
    }
  } finally {
    sets?.train.dispose();
    sets?.test?.dispose();
  }
  out('', 'summary', ...table([
    ['  model', 'train acc', 'test acc', 'seconds', 'stopped'],
    ...results.map((r) => [`  ${r.loss}`, frac(r.train), frac(r.test), r.seconds.toFixed(2), r.stop]),
  ]));
}
