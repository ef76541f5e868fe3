// Node-only plot files: each writer draws one figure and saves it as PNG or SVG,
// chosen by the path's extension. Not part of the browser library bundles.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { LinearClassifier } from '../api/classifier.js';
import type { History } from '../train/run.js';
import type { HyperparameterRow } from '../api/search.js';
import type { Slice1d, Slice2d } from '../inspect/landscape.js';
import { templateImages, type TemplateOptions } from '../inspect/pictures.js';
import { LinclassError } from '../base/errors.js';
import type { Figure } from './figure.js';
import { toPng } from './png.js';
import { toSvg } from './svg.js';
import { accuracyFigure, landscape1dFigure, landscape2dFigure, lossFigure, searchFigure, templatesFigure } from './charts.js';
import { confusionFigure } from './confusion.js';

export { toPng, toSvg };
export { accuracyFigure, landscape1dFigure, landscape2dFigure, lossFigure, searchFigure, templatesFigure } from './charts.js';
export type { Figure, Shape } from './figure.js';

/** Which files the directory writers make: PNG, SVG or both (default). */
export type PlotFormat = 'png' | 'svg' | 'both';

/**
 * Saves a figure; the extension of `path` (.png or .svg) picks the format.
 * Creates missing directories. Throws LinclassError('INVALID_ARGUMENT') for another extension.
 */
export function writeFigure(path: string, fig: Figure): string {
  const ext = extname(path).toLowerCase();
  if (ext !== '.png' && ext !== '.svg') {
    throw new LinclassError('INVALID_ARGUMENT', `A plot file must end in .png or .svg. Got ${JSON.stringify(path)} instead.`);
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, ext === '.png' ? toPng(fig) : toSvg(fig));
  return path;
}

function writeAll(dir: string, name: string, fig: Figure, format: PlotFormat): string[] {
  const exts = format === 'both' ? ['png', 'svg'] : [format];
  return exts.map((e) => writeFigure(join(dir, `${name}.${e}`), fig));
}

/** Options of writeTrainingPlots. */
export interface TrainingPlotOptions {
  /** PNG, SVG or both (default). */
  format?: PlotFormat;
  /** The legend's name for the set fit measured on (its `validation`): 'validation' (default), or e.g. 'test' when it is the test set. */
  heldOut?: string;
}

/**
 * The training curves of a fit: `loss.{png,svg}` (every step's loss, the epoch
 * means and validation loss) and `accuracy.{png,svg}` (train and validation
 * accuracy per epoch). Returns the paths written.
 *
 * @example
 * writeTrainingPlots('plots', clf.fit(train, { validation: val }));
 * writeTrainingPlots('plots', clf.fit(train, { validation: test }), { heldOut: 'test' });
 */
export function writeTrainingPlots(dir: string, history: History, options: TrainingPlotOptions = {}): string[] {
  const format = options.format ?? 'both', heldOut = options.heldOut ?? 'validation';
  return [...writeAll(dir, 'loss', lossFigure(history, heldOut), format), ...writeAll(dir, 'accuracy', accuracyFigure(history, heldOut), format)];
}

/** The hyperparameter search as a log-log scatter coloured by validation accuracy. */
export function writeSearchPlot(path: string, results: HyperparameterRow[]): string {
  return writeFigure(path, searchFigure(results));
}

/** `landscape-1d.*` and/or `landscape-2d.*` from lossSlice1d / lossSlice2d results. Returns the paths written. */
export function writeLandscapePlots(dir: string, slices: { slice1d?: Slice1d; slice2d?: Slice2d }, options: { format?: PlotFormat } = {}): string[] {
  const format = options.format ?? 'both', out: string[] = [];
  if (slices.slice1d) out.push(...writeAll(dir, 'landscape-1d', landscape1dFigure(slices.slice1d), format));
  if (slices.slice2d) out.push(...writeAll(dir, 'landscape-2d', landscape2dFigure(slices.slice2d), format));
  return out;
}

/**
 * The class templates (rows of W as images, see templateImages) in a grid with
 * labels, e.g. writeTemplates('plots/templates.png', clf, { width: 8, height: 8 }).
 */
export function writeTemplates(path: string, clf: LinearClassifier, shape: TemplateOptions = {}, labels?: string[]): string {
  return writeFigure(path, templatesFigure(templateImages(clf, shape), labels));
}

export { confusionFigure } from './confusion.js';

/**
 * A confusion matrix as a picture, PNG or SVG by the path's extension: rows the
 * true labels, columns the predicted ones, as confusionMatrix() returns them.
 *
 * @example
 * const { matrix, labels } = confusionMatrix(yTest, clf.predict(XTest));
 * writeConfusionMatrix('plots/confusion.png', matrix, labels);
 */
export function writeConfusionMatrix(path: string, matrix: number[][], labels?: readonly (string | number)[]): string {
  return writeFigure(path, confusionFigure(matrix, labels));
}
