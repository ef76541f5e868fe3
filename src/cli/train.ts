// linclass train: load, preprocess, train one or both losses with progress,
// print a summary with train and test accuracy, save the model.
import { LinearClassifier, type Dataset, type History, type LossName, type OptimizerName, type PenaltyName } from '../api.js';
import { describeData, frac, out, table } from './io.js';
import { perLoss, writeModel } from './model.js';
import { describePrep, preprocessingFor, type PrepFlags } from './prepare.js';
import { progress } from './progress.js';
import { arrangeFiles, classesOf, loadSets, type SetFlags } from './sets.js';
import { writePlots } from './plots.js';
import { trainStream } from './stream.js';

export interface TrainFlags extends PrepFlags, SetFlags {
  test?: string[];
  loss?: LossName | 'both';
  optimizer: OptimizerName;
  lr: number;
  reg: number;
  penalty: PenaltyName;
  epochs: number;
  batch: number | 'full';
  classes?: number;
  out?: string;
  plots?: string;
  progress: boolean;
  /** --stream: read the training files in chunks through a shuffle buffer of `buffer` rows. */
  stream?: boolean;
  buffer?: number;
}

/** What a finished run reports in the summary. */
interface Result {
  loss: LossName;
  train: number;
  test?: number;
  seconds: number;
}

export async function train(given: string[], f: TrainFlags, digits: URL): Promise<void> {
  const { files, other: test } = await arrangeFiles(given, f.test);
  if (f.stream) return trainStream(files, test, f);
  const losses: LossName[] = f.loss === 'both' || (f.loss === undefined && files.length === 0) ? ['softmax', 'svm'] : [f.loss ?? 'softmax'];
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
        out(`${loss}: ${f.optimizer}, learning rate ${f.lr}, batch ${f.batch}, ${f.epochs} epochs, ${f.penalty} reg ${f.reg}, seed ${f.seed}`);
        const bar = progress(loss, f.epochs, f.progress);
        const t0 = performance.now();
        let history: History | undefined;
        try {
          const run = clf.fitAsync(sets.train, {
            epochs: f.epochs, batchSize: f.batch, optimizer: f.optimizer, learningRate: f.lr, seed: f.seed, validation: sets.test ?? undefined,
          });
          for await (const p of run) {
            bar.update(p);
            if (p.done) history = p.history;
          }
        } finally {
          bar.stop();
        }
        const last = history!.epochs.at(-1)!;
        results.push({ loss, train: last.trainAccuracy, test: last.valAccuracy, seconds: (performance.now() - t0) / 1000 });
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
    ['  model', 'train acc', 'test acc', 'seconds'],
    ...results.map((r) => [`  ${r.loss}`, frac(r.train), frac(r.test), r.seconds.toFixed(2)]),
  ]));
}
