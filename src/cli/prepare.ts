// Preprocessing choices of the command line. Defaults do what works for each
// kind of data: IDX and CIFAR pixels scaled to [0, 1] and mean-centred, the
// embedded digits / 16, CSV features as they are.
import { meanImage, type Preprocessing } from '../api.js';
import type { Kind, Loaded } from './load.js';

export interface PrepFlags {
  /** --scale: the factor raw features are multiplied by. */
  scale?: number;
  /** --center / --no-center: subtract the training set's mean (after scaling). */
  center?: boolean;
}

export const DEFAULTS: Record<Kind, { scale: number; center: boolean }> = {
  idx: { scale: 1 / 255, center: true },
  cifar: { scale: 1 / 255, center: true },
  digits: { scale: 1 / 16, center: false },
  csv: { scale: 1, center: false },
};

/** The preprocessing for a training set: the flags, else the defaults of its kind; the mean from its rows. */
export function preprocessingFor(train: Loaded, flags: PrepFlags): Preprocessing {
  const d = DEFAULTS[train.kind];
  const scale = flags.scale ?? d.scale;
  const center = flags.center ?? d.center;
  return { scale, mean: center ? meanImage(train.X, train.numFeatures, scale) : null };
}

/** How p reads in a report: "x × 0.00392157, minus the mean image". */
export function describePrep(p: Preprocessing): string {
  const scale = p.scale === 1 ? 'x' : `x × ${+p.scale.toPrecision(6)}`;
  return p.mean ? `${scale} − the training mean` : scale;
}
