// The embedded digits set: data/digits.csv shipped with the package (1797 rows
// of 8×8 images, features 0–16); the first 1500 rows train, the rest test.
import { readFileSync } from 'node:fs';
import { parseCsv } from '../api.js';
import type { Loaded } from './load.js';

export const DIGITS_TRAIN_ROWS = 1500;

/** The digits as a training and a test set. */
export function loadDigits(url: URL): { train: Loaded; test: Loaded } {
  const { X, y, numFeatures: D } = parseCsv(readFileSync(url, 'utf8'));
  const n = DIGITS_TRAIN_ROWS, N = y.length;
  const part = (from: number, to: number, what: string): Loaded => ({
    X: X.slice(from * D, to * D), y: y.slice(from, to), numFeatures: D, rows: to - from, kind: 'digits', shape: [8, 8],
    name: `the embedded digits, ${what}`,
  });
  return { train: part(0, n, `rows 1–${n}`), test: part(n, N, `rows ${n + 1}–${N}`) };
}
