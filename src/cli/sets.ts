// The training set and the one it is measured on (test or validation): from
// files, from a seeded split of the training files, or the embedded digits.
import { splitData } from '../api.js';
import { loadData, setLength, type Loaded } from './load.js';
import { loadDigits } from './digits.js';
import { DataError, UsageError } from './errors.js';

export interface SetFlags {
  /** CSV label column. */
  label?: string;
  /** CSV header line. */
  header?: boolean;
  /** Without other files: the fraction of training rows held out. */
  split?: number;
  seed: number;
}

/** Largest label + 1 over the sets, at least 2. */
export function classesOf(...sets: (Loaded | null)[]): number {
  let top = 1;
  for (const s of sets) if (s?.y) for (let i = 0; i < s.y.length; i++) if (s.y[i] > top) top = s.y[i];
  return top + 1;
}

/**
 * Puts the files of a variadic option where they belong. Commander gives
 * `--test` / `--val` every file after it, so in `train --test t.csv train.csv`
 * the training file lands in --test: the option keeps the files its set needs
 * (one CSV file, an IDX images file and its labels file, or the run of .bin
 * batches; see setLength) and the files after those join the training files.
 */
export async function arrangeFiles(files: string[], other: string[] | undefined): Promise<{ files: string[]; other: string[] | undefined }> {
  if (!other) return { files, other };
  const n = await setLength(other);
  return { files: [...files, ...other.slice(n)], other: other.slice(0, n) };
}

/** The usage error for an option that gives the test or validation set when no training files are left. */
function noTrainingFiles(other: string[], what: '--test' | '--val'): UsageError {
  const cmd = what === '--test' ? 'train' : 'search';
  if (other.length > 1 && other.every((p) => /\.bin$/i.test(p))) {
    return new UsageError(`${what} took every .bin batch after it (${other.join(' ')}), so no training data is left: ` +
      `put the training batches first, e.g. linclass ${cmd} data_batch_1.bin data_batch_2.bin ${what} test_batch.bin.`);
  }
  return new UsageError(`${what} gives the ${what === '--test' ? 'test' : 'validation'} set; give the training data files too, before or after it: ` +
    `linclass ${cmd} <training files> ${what} ${other.join(' ')}. Without any data files linclass uses the embedded digits.`);
}

/**
 * Loads `files` and the set to measure on: `other` files, else a held-out
 * fraction (--split) of the training rows, else none. With no files: the
 * embedded digits, measured on their test rows for train ('--test'), and for
 * search ('--val') on a --split of their training rows, never the test rows.
 */
export async function loadSets(files: string[], other: string[] | undefined, f: SetFlags, digits: URL, what: '--test' | '--val'):
  Promise<{ train: Loaded; other: Loaded | null }> {
  if (other && f.split !== undefined) throw new UsageError(`Give either ${what} files or --split, not both.`);
  let train: Loaded;
  if (files.length === 0) {
    if (other) throw noTrainingFiles(other, what);
    const d = loadDigits(digits);
    if (what === '--test') {
      if (f.split !== undefined) {
        throw new UsageError('--split needs training data files to hold rows out of; without data files linclass trains on the embedded digits and tests on their own test rows.');
      }
      return { train: d.train, other: d.test };
    }
    train = d.train;
  } else {
    const opts = { label: f.label, header: f.header };
    train = await loadData(files, opts);
    if (other) {
      const o = await loadData(other, opts);
      if (o.numFeatures !== train.numFeatures) {
        throw new DataError(`${o.name} has ${o.numFeatures} features per row but the training data (${train.name}) has ${train.numFeatures}.`);
      }
      return { train, other: o };
    }
  }
  if (f.split === undefined) return { train, other: null };
  const parts = splitData({ X: train.X, y: train.y!, numFeatures: train.numFeatures, shape: train.shape ?? [train.numFeatures] }, { valFraction: f.split, seed: f.seed });
  const as = (p: typeof parts.train, name: string): Loaded => ({ ...train, X: p.X, y: p.y, rows: p.y.length, name });
  const held = `${parts.val.y.length} rows of ${train.name} held out by --split ${f.split} (seed ${f.seed})`;
  return { train: as(parts.train, `${train.name} less the ${parts.val.y.length} held-out rows`), other: as(parts.val, held) };
}
