// linclass train --stream: training files read in chunks through fitStream's
// shuffle buffer, never held whole; the preprocessing (scale, the training mean)
// from one pass over the files first. The test set is read into memory.
import { LinearClassifier, cifar10Chunks, csvChunks, idxChunks, meanImageOfChunks, type ByteSource, type LossName } from '../api.js';
import { UsageError } from './errors.js';
import { describePrep, DEFAULTS } from './prepare.js';
import { csvLabel, fileStream, isBin, loadData, type Kind } from './load.js';
import { frac, out, table } from './io.js';
import { lossesOf, perLoss, writeModel } from './model.js';
import type { PrepFlags } from './prepare.js';
import type { OptimizerName, PenaltyName } from '../api.js';

/** The train flags --stream reads (TrainFlags, in train.ts, adds the others). */
export interface StreamFlags extends PrepFlags {
  label?: string;
  header?: boolean;
  loss?: LossName | 'both' | 'all';
  solver?: 'auto' | 'lbfgs' | 'minibatch';
  optimizer?: OptimizerName;
  lr?: number;
  reg: number;
  penalty: PenaltyName;
  epochs?: number;
  batch?: number | 'full';
  average?: boolean;
  seed: number;
  classes?: number;
  out?: string;
  buffer?: number;
}

/** Rows a chunk holds when read from the files. */
const CHUNK_ROWS = 4096;

export async function trainStream(files: string[], test: string[] | undefined, f: StreamFlags): Promise<void> {
  if (files.length === 0) throw new UsageError('--stream reads training data files in chunks: give them (the embedded digits fit in memory).');
  if (f.solver === 'lbfgs') throw new UsageError('--stream trains with mini-batches drawn from its buffer: --solver lbfgs needs the whole training set in memory (leave out --stream).');
  if (f.average) throw new UsageError('--stream does not average the iterates: leave out --average, or --stream.');
  if (f.batch === 'full') throw new UsageError('--stream trains on batches drawn from its buffer: give --batch a number, not full.');
  const kind: Kind = files.every(isBin) ? 'cifar' : files.length === 2 ? 'idx' : 'csv';
  const options = { rows: CHUNK_ROWS };
  const chunks = () => kind === 'cifar' ? cifar10Chunks(files.map(fileStream) as ByteSource[], options)
    : kind === 'idx' ? idxChunks(fileStream(files[0]), fileStream(files[1]), options)
      : csvChunks(fileStream(files[0]), { ...options, labelColumn: csvLabel(f.label), header: f.header });
  // one pass for the shape and the classes
  let D = 0, rows = 0, top = 0;
  for await (const c of chunks()) {
    if (c.y.length === 0) continue;
    D ||= c.X.length / c.y.length;
    rows += c.y.length;
    for (let i = 0; i < c.y.length; i++) if (c.y[i] > top) top = c.y[i];
  }
  const scale = f.scale ?? DEFAULTS[kind].scale, center = f.center ?? DEFAULTS[kind].center;
  const mean = center ? await meanImageOfChunks(chunks(), D, scale) : null;
  const preprocessing = { scale, mean };
  const testSet = test ? await loadData(test, { label: f.label, header: f.header }) : null;
  const numClasses = f.classes ?? Math.max(2, top + 1, testSet ? Math.max(...testSet.y!) + 1 : 0);
  out(`training: ${files.join(' ')}, ${rows} rows × ${D} features, ${numClasses} classes, streamed (buffer ${f.buffer ?? 16384} rows)`,
    ...(testSet ? [`test: ${testSet.name}, ${testSet.rows} rows`] : []), `preprocessing: ${describePrep(preprocessing)}`);
  const losses = lossesOf(f.loss ?? 'softmax');
  const results: [string, string, string, string][] = [];
  for (const loss of losses) {
    const clf = new LinearClassifier({ loss, numFeatures: D, numClasses, penalty: f.penalty, reg: f.reg, seed: f.seed, preprocessing });
    const val = testSet && clf.toDataset(testSet.X, testSet.y);
    try {
      const t0 = performance.now();
      const h = await clf.fitStream(chunks, {
        seed: f.seed, validation: val ?? undefined,
        ...(f.epochs ? { epochs: f.epochs } : {}), ...(f.batch ? { batchSize: f.batch } : {}),
        ...(f.optimizer ? { optimizer: f.optimizer } : {}), ...(f.lr ? { learningRate: f.lr } : {}),
        ...(f.buffer ? { bufferRows: f.buffer } : {}),
        onEpoch: (r) => out(`  ${loss} epoch ${r.epoch}${f.epochs ? `/${f.epochs}` : ''}  loss ${r.loss.toFixed(4)}${r.valAccuracy === undefined ? '' : `  test ${frac(r.valAccuracy)}`}  ${r.seconds.toFixed(2)} s`),
      });
      const last = h.epochs.at(-1)!;
      results.push([`  ${loss}`, frac(last.valAccuracy), String(last.rows), ((performance.now() - t0) / 1000).toFixed(2)]);
      if (f.out) {
        const path = losses.length > 1 ? perLoss(f.out, loss) : f.out;
        out(`saved the ${loss} model to ${path} (${writeModel(path, clf)} bytes)`);
      }
    } finally {
      val?.dispose();
      clf.dispose();
    }
  }
  out('', 'summary', ...table([['  model', 'test acc', 'rows/epoch', 'seconds'], ...results]));
}
