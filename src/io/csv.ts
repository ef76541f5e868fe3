// A numeric CSV reader: one example per line, integer label in one column.
import { LinclassError } from '../errors.js';

export interface CsvOptions {
  /** Column of the label, counted from 0; negative counts from the end. Default -1 (the last). */
  labelColumn?: number;
  /** Whether the first line is a header to skip. Default: detected (a first line with a non-numeric field). */
  header?: boolean;
}

export interface LabelledData {
  /** N·D features, row-major. */
  X: Float32Array;
  /** N integer labels. */
  y: Int32Array;
  numFeatures: number;
}

/**
 * Parses comma-separated numeric text into features and integer labels. Throws
 * LinclassError('INVALID_DATA') naming the line and column of a bad field or a
 * row of the wrong width.
 */
export function parseCsv(text: string, options: CsvOptions = {}): LabelledData {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new LinclassError('INVALID_DATA', 'The CSV text has no rows.');
  const first = lines[0].split(',');
  const header = options.header ?? first.some((f) => f.trim() === '' || Number.isNaN(Number(f)));
  const rows = header ? lines.slice(1) : lines;
  const width = first.length;
  if (width < 2) throw new LinclassError('INVALID_DATA', 'The CSV rows need at least two columns: features and a label.');
  const lc = options.labelColumn ?? -1;
  const label = lc < 0 ? width + lc : lc;
  if (!Number.isInteger(label) || label < 0 || label >= width) {
    throw new LinclassError('INVALID_DATA', `labelColumn ${lc} is outside the ${width} columns of the CSV.`);
  }
  const D = width - 1, N = rows.length;
  const X = new Float32Array(N * D), y = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const f = rows[i].split(',');
    const line = i + (header ? 2 : 1);
    if (f.length !== width) throw new LinclassError('INVALID_DATA', `CSV line ${line} has ${f.length} fields; the first row has ${width}.`);
    let o = i * D;
    for (let j = 0; j < width; j++) {
      const v = Number(f[j]);
      if (f[j].trim() === '' || !Number.isFinite(v)) {
        throw new LinclassError('INVALID_DATA', `CSV line ${line}, column ${j + 1}: ${JSON.stringify(f[j])} is not a finite number.`);
      }
      if (j === label) {
        if (!Number.isInteger(v) || v < 0) throw new LinclassError('INVALID_DATA', `CSV line ${line}: the label ${f[j]} is not a non-negative integer.`);
        y[i] = v;
      } else X[o++] = v;
    }
  }
  return { X, y, numFeatures: D };
}
