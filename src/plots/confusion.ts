// The confusion matrix as a picture: a grid of counts, rows the true labels and
// columns the predicted ones (as confusionMatrix returns it), each cell coloured
// by its share of its row (viridis) and labelled with its count.
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import { viridis, type Figure } from './figure.js';
import { INK, MUTED } from './axes.js';
import { textWidth } from './png.js';

/** Throws unless matrix is n rows of n non-negative integer counts; returns n. */
function checkMatrix(matrix: unknown, labels: unknown): number {
  const n = Array.isArray(matrix) ? matrix.length : 0;
  const square = n > 0 && (matrix as unknown[]).every((row) =>
    (Array.isArray(row) || ArrayBuffer.isView(row)) && (row as ArrayLike<unknown>).length === n &&
    Array.prototype.every.call(row, (v: unknown) => Number.isInteger(v) && (v as number) >= 0));
  if (!square) {
    throw new LinclassError('INVALID_ARGUMENT',
      `writeConfusionMatrix needs the matrix as n rows of n counts (integers ≥ 0), as confusionMatrix() returns it. Got ${describe(matrix)} instead.`);
  }
  if (labels !== undefined && (!Array.isArray(labels) || labels.length !== n)) {
    throw new LinclassError('INVALID_ARGUMENT', `writeConfusionMatrix needs one label per row (${n}). Got ${describe(labels)} instead.`);
  }
  return n;
}

/**
 * The figure of a confusion matrix: true labels down the left, predicted labels
 * across the bottom, counts in the cells (left out when cells are too small),
 * colour by the fraction of the true class's rows (recall along the diagonal).
 */
export function confusionFigure(matrix: number[][], labels?: readonly (string | number)[]): Figure {
  const n = checkMatrix(matrix, labels);
  const names = (labels ?? matrix.map((_, i) => i)).map(String);
  const cell = Math.max(12, Math.min(56, Math.floor(480 / n)));
  const nameW = Math.max(...names.map(textWidth));
  const left = 44 + nameW, top = 48, side = cell * n;
  const bottomText = names.some((s) => textWidth(s) > cell - 4);   // too wide under a cell: write them upwards
  const bottom = top + side + 16 + (bottomText ? nameW : 12) + 26;
  const fig: Figure = { width: left + side + 24, height: bottom, background: '#ffffff', shapes: [] };
  const add = (...s: Figure['shapes']) => fig.shapes.push(...s);
  add({ kind: 'text', x: left + side / 2, y: 26, text: 'Confusion matrix', color: INK, anchor: 'middle' });
  const counts = cell >= 22;
  matrix.forEach((row, i) => {
    const total = row.reduce((a, v) => a + v, 0);
    row.forEach((v, j) => {
      const t = total ? v / total : 0, x = left + j * cell, y = top + i * cell;
      add({ kind: 'rect', x, y, w: cell + 0.5, h: cell + 0.5, fill: viridis(t) });
      if (counts) add({ kind: 'text', x: x + cell / 2, y: y + cell / 2 + 4, text: String(v), color: t > 0.55 ? INK : '#ffffff', anchor: 'middle' });
    });
  });
  add({ kind: 'line', points: [left, top, left + side, top, left + side, top + side, left, top + side, left, top], color: INK, width: 1 });
  names.forEach((s, i) => {
    add({ kind: 'text', x: left - 6, y: top + i * cell + cell / 2 + 4, text: s, color: MUTED, anchor: 'end' });
    const x = left + i * cell + cell / 2;
    if (bottomText) add({ kind: 'text', x: x + 4, y: top + side + 8, text: s, color: MUTED, anchor: 'end', vertical: true });
    else add({ kind: 'text', x, y: top + side + 16, text: s, color: MUTED, anchor: 'middle' });
  });
  add({ kind: 'text', x: left + side / 2, y: bottom - 10, text: 'predicted', color: INK, anchor: 'middle' });
  add({ kind: 'text', x: 18, y: top + side / 2, text: 'true', color: INK, anchor: 'middle', vertical: true });
  return fig;
}
