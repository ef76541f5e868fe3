// The text forms of the metrics: the classification report exactly as
// scikit-learn's classification_report prints it, and the confusion matrix as a
// table with its labels.
import type { Label } from './labels.js';

/** Length in code points, as Python's len() counts a string. */
const width = (s: string): number => [...s].length;
const right = (s: string, w: number): string => ' '.repeat(Math.max(0, w - width(s))) + s;

/**
 * x with `digits` decimals as Python's format(x, '.{digits}f'): the exact binary
 * value rounded, a tie (x = odd / 2^(digits + 1)) to the even last digit, where
 * toFixed would round it up.
 */
export function pyFixed(x: number, digits: number): string {
  const twice = x * 2 ** (digits + 1);
  if (Number.isInteger(twice) && Math.abs(twice) % 2 === 1 && Math.abs(x) < 2 ** 40) {
    const scaled = x * 10 ** digits;          // exact: an odd multiple of one half
    let n = Math.floor(scaled);
    if (n % 2 !== 0) n += 1;
    return (n / 10 ** digits).toFixed(digits);
  }
  return x.toFixed(digits);
}

interface Row { precision: number; recall: number; f1: number; support: number }

/** The report as sklearn's classification_report text: labels right-aligned, four columns of width 9. */
export function reportText(r: { labels: Label[]; perClass: Row[]; accuracy: number; macroAvg: Row; weightedAvg: Row; microAvg?: Row }, digits: number): string {
  const names = r.labels.map(String);
  const w = Math.max(...names.map(width), width('weighted avg'), digits);
  const num = (v: number): string => ' ' + right(pyFixed(v, digits), 9);
  const row = (name: string, m: Row): string => `${right(name, w)} ${num(m.precision)}${num(m.recall)}${num(m.f1)} ${right(String(m.support), 9)}\n`;
  let out = `${right('', w)} ` + ['precision', 'recall', 'f1-score', 'support'].map((h) => ' ' + right(h, 9)).join('') + '\n\n';
  names.forEach((name, j) => { out += row(name, r.perClass[j]); });
  out += '\n';
  out += r.microAvg ? row('micro avg', r.microAvg)
    : `${right('accuracy', w)} ${' '.repeat(20)}${num(r.accuracy)} ${right(String(r.macroAvg.support), 9)}\n`;
  return out + row('macro avg', r.macroAvg) + row('weighted avg', r.weightedAvg);
}

/** The confusion matrix as a table: true labels down the side, predicted labels across. */
export function matrixText(labels: Label[], matrix: number[][]): string {
  const names = labels.map(String), corner = 'true \\ predicted';
  const first = Math.max(width(corner), ...names.map(width));
  const cols = names.map((n, j) => Math.max(width(n), ...matrix.map((row) => String(row[j]).length)));
  const line = (head: string, cells: string[]): string => [right(head, first), ...cells.map((c, j) => right(c, cols[j]))].join('  ').trimEnd();
  return [line(corner, names), ...matrix.map((row, i) => line(names[i], row.map(String)))].join('\n') + '\n';
}
