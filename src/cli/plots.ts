// --plots: the training curves (loss, accuracy) and, for image data, the class
// templates, drawn by the plotting module into a directory.
import { join } from 'node:path';
import type { History, LinearClassifier } from '../api.js';
import { writeTemplates, writeTrainingPlots } from '../plots/index.js';

/**
 * Writes the plots of one train run into dir and returns their paths; `prefix`
 * (the loss, when several are trained) keeps the runs apart. The set training
 * was measured on is train's test set, so the curves call it 'test'. Templates
 * need an image shape: [h, w] or [h, w, 3].
 */
export function writePlots(dir: string, prefix: string, clf: LinearClassifier, history: History, shape?: number[]): string[] {
  const into = prefix ? join(dir, prefix) : dir;
  const files = writeTrainingPlots(into, history, { format: 'png', heldOut: 'test' });
  if (shape && (shape.length === 2 || (shape.length === 3 && shape[2] === 3))) {
    files.push(writeTemplates(join(into, 'templates.png'), clf, { height: shape[0], width: shape[1], channels: shape.length === 3 ? 3 : 1 }));
  }
  return files;
}
