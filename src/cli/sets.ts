// The training set and the one it is measured on (test or validation): from
// files, from a seeded split of the training files, or the embedded digits.
import { splitData } from '../api.js';
import { loadData, type Loaded } from './load.js';
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
 * Loads `files` (none: the embedded digits) and the set to measure on: `other`
 * files, else a held-out fraction of the training rows, else none.
 */
export async function loadSets(files: string[], other: string[] | undefined, f: SetFlags, digits: URL, what: '--test' | '--val'):
  Promise<{ train: Loaded; other: Loaded | null }> {
  if (files.length === 0) {
    if (other || f.split !== undefined) {
      throw new UsageError(`${what} and --split need training data files too; without data files linclass uses the embedded digits and their fixed split.`);
    }
    const d = loadDigits(digits);
    return { train: d.train, other: d.test };
  }
  if (other && f.split !== undefined) throw new UsageError(`Give either ${what} files or --split, not both.`);
  const opts = { label: f.label, header: f.header };
  const train = await loadData(files, opts);
  if (other) {
    const o = await loadData(other, opts);
    if (o.numFeatures !== train.numFeatures) {
      throw new DataError(`${o.name} has ${o.numFeatures} features per row but the training data (${train.name}) has ${train.numFeatures}.`);
    }
    return { train, other: o };
  }
  if (f.split === undefined) return { train, other: null };
  const parts = splitData({ X: train.X, y: train.y!, numFeatures: train.numFeatures, shape: train.shape ?? [train.numFeatures] }, { valFraction: f.split, seed: f.seed });
  const as = (p: typeof parts.train, name: string): Loaded => ({ ...train, X: p.X, y: p.y, rows: p.y.length, name });
  const held = `${parts.val.y.length} rows of ${train.name} held out by --split ${f.split} (seed ${f.seed})`;
  return { train: as(parts.train, `${train.name} less the ${parts.val.y.length} held-out rows`), other: as(parts.val, held) };
}
