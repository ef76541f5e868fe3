// Classification metrics as scikit-learn computes them (sklearn.metrics):
// confusion matrix, classification report, top-k accuracy and log loss. Plain
// JavaScript over label arrays; labels are numbers or strings.
import { LinclassError } from '../base/errors.js';
import { describe, validateOptions, type Table } from '../base/validate.js';
import { isNumericArray } from '../base/checks.js';
import { indexOf, listLabels, readLabels, sameKind, sortedUnion, type Label, type LabelArray } from './labels.js';
import { matrixText, reportText } from './metrics-text.js';

export type { Label, LabelArray } from './labels.js';

export interface ConfusionMatrixOptions {
  /** The labels of the rows and columns, in this order; rows whose true or predicted label is not listed are left out. Default: the sorted union of yTrue and yPred. */
  labels?: LabelArray;
}

export interface ConfusionMatrix {
  /** The label of each row and column. */
  labels: Label[];
  /** Counts, one array per row: matrix[i][j] rows have true label labels[i] and predicted label labels[j] (rows true, columns predicted, as sklearn). */
  matrix: number[][];
  /** The matrix as a text table, true labels down, predicted across. */
  toString(): string;
}

export interface ClassificationReportOptions {
  /** The labels to report, in this order. Default: the sorted union of yTrue and yPred. */
  labels?: LabelArray;
  /** Decimal places of the text form, an integer in [0, 15]. Default 2. */
  digits?: number;
}

/** Precision, recall, F1 and support of one class or of an average. */
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** True rows of the class (for an average, of all classes reported). */
  support: number;
}

export interface ClassificationReport {
  labels: Label[];
  /** One entry per label, in the order of `labels`. */
  perClass: ClassMetrics[];
  /** The fraction of all rows predicted right. */
  accuracy: number;
  /** The unweighted mean over the labels. */
  macroAvg: ClassMetrics;
  /** The mean weighted by support. */
  weightedAvg: ClassMetrics;
  /** Only when `labels` selects other labels than those present: micro averages over the labels reported (sklearn's "micro avg" line). */
  microAvg?: ClassMetrics;
  /** The report as sklearn's classification_report prints it (with `digits` decimals). */
  toString(): string;
}

export interface TopKAccuracyOptions {
  /** How many of the highest scores may hold the true class: an integer in [1, C]. */
  k: number;
  /** The label of each column of scores; then yTrue holds labels from it. Default: yTrue holds column indices. */
  classes?: LabelArray;
}

export interface LogLossOptions {
  /** The label of each column of probabilities; then yTrue holds labels from it. Default: yTrue holds column indices. */
  classes?: LabelArray;
  /** Probabilities are clipped to [eps, 1 − eps]. Default: the machine epsilon of their type (2^-23 for a Float32Array, else 2^-52), as sklearn's 'auto'. */
  eps?: number;
}

const LABELS: Table = { labels: { kind: 'any' } };
const REPORT: Table = { ...LABELS, digits: { kind: 'number', min: 0, max: 15, integer: true, default: 2 } };
const TOPK: Table = { k: { kind: 'number', min: 1, max: 2 ** 31 - 1, integer: true }, classes: { kind: 'any' } };
const LOGLOSS: Table = { classes: { kind: 'any' }, eps: { kind: 'number', min: 0, max: 0.5, minOpen: true, maxOpen: true, optional: true } };

/** Attaches a text form that JSON and deep equality do not see. */
function withText<T extends object>(o: T, text: () => string): T & { toString(): string } {
  return Object.defineProperty(o, 'toString', { value: text, enumerable: false }) as T & { toString(): string };
}

/** yTrue and yPred read as labels of one kind and one length. */
function pair(owner: string, yTrue: unknown, yPred: unknown): [Label[], Label[]] {
  const t = readLabels(owner, 'yTrue', yTrue), p = readLabels(owner, 'yPred', yPred);
  if (t.length !== p.length) {
    throw new LinclassError('INVALID_DATA', `${owner}: yTrue has ${t.length} labels but yPred has ${p.length}: give one prediction per true label.`);
  }
  sameKind(owner, t, 'yTrue', p, 'yPred');
  return [t, p];
}

/** The `labels` option, or the sorted union of both sides; `given` says which. */
function chooseLabels(owner: string, option: unknown, t: Label[], p: Label[]): { labels: Label[]; at: Map<Label, number>; given: boolean } {
  const labels = option === undefined ? sortedUnion(t, p) : readLabels(owner, 'labels', option, true);
  if (option !== undefined) sameKind(owner, labels, "the 'labels' option", t, 'yTrue');
  return { labels, at: indexOf(owner, 'labels', labels), given: option !== undefined };
}

/**
 * The confusion matrix of predictions: rows are true labels, columns predicted
 * ones (sklearn's confusion_matrix). Labels are numbers or strings, default the
 * sorted union of yTrue and yPred (numbers ascending, strings by code point).
 * Throws LinclassError for arrays of different lengths, empty ones, labels that
 * are neither finite numbers nor strings, or a `labels` option with none of yTrue's.
 *
 * @example
 * confusionMatrix(['cat', 'dog', 'cat'], ['cat', 'cat', 'cat']);
 * // { labels: ['cat', 'dog'], matrix: [[2, 0], [1, 0]] }
 */
export function confusionMatrix(yTrue: LabelArray, yPred: LabelArray, options: ConfusionMatrixOptions = {}): ConfusionMatrix {
  const o = validateOptions<ConfusionMatrixOptions>('confusionMatrix', LABELS, options);
  const [t, p] = pair('confusionMatrix', yTrue, yPred);
  const { labels, at } = chooseLabels('confusionMatrix', o.labels, t, p);
  if (!t.some((v) => at.has(v))) {
    throw new LinclassError('INVALID_OPTION',
      `The 'labels' option of confusionMatrix lists none of the labels of yTrue (${listLabels(sortedUnion(t))}): at least one must be among them.`);
  }
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < t.length; i++) {
    const a = at.get(t[i]), b = at.get(p[i]);
    if (a !== undefined && b !== undefined) matrix[a][b]++;
  }
  return withText({ labels, matrix }, () => matrixText(labels, matrix));
}

/** tp / pred, tp / true and their harmonic mean; 0 wherever a denominator is 0 (sklearn's zero_division default, without its warning). */
function scoresOf(tp: number, pred: number, support: number): ClassMetrics {
  const precision = pred === 0 ? 0 : tp / pred, recall = support === 0 ? 0 : tp / support;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support };
}

/**
 * Per class precision (right among those predicted as the class), recall (found
 * among the class's true rows), F1 and support, their macro and weighted means
 * and the accuracy, as sklearn's classification_report; `.toString()` prints it
 * as sklearn does. A ratio whose denominator is 0 (a class never predicted, or
 * with no true rows) is 0, as sklearn's default zero_division (which also warns).
 * Throws LinclassError for bad labels or lengths, as confusionMatrix.
 *
 * @example
 * const r = classificationReport(yTest, clf.predict(XTest));
 * r.macroAvg.f1; console.log(String(r));
 */
export function classificationReport(yTrue: LabelArray, yPred: LabelArray, options: ClassificationReportOptions = {}): ClassificationReport {
  const o = validateOptions<Required<ClassificationReportOptions>>('classificationReport', REPORT, options);
  const [t, p] = pair('classificationReport', yTrue, yPred);
  const { labels, at, given } = chooseLabels('classificationReport', o.labels, t, p);
  const n = labels.length, tp = new Array<number>(n).fill(0), pred = tp.slice(), support = tp.slice();
  let right = 0;
  for (let i = 0; i < t.length; i++) {
    const a = at.get(t[i]), b = at.get(p[i]);
    if (t[i] === p[i]) right++;
    if (a !== undefined) support[a]++;
    if (b !== undefined) pred[b]++;
    if (a !== undefined && a === b) tp[a]++;
  }
  const perClass = labels.map((_, j) => scoresOf(tp[j], pred[j], support[j]));
  const total = support.reduce((s, v) => s + v, 0);
  const mean = (w: (j: number) => number, sum: number): ClassMetrics => {
    const avg = (key: 'precision' | 'recall' | 'f1') => (sum === 0 ? 0 : perClass.reduce((s, c, j) => s + c[key] * w(j), 0) / sum);
    return { precision: avg('precision'), recall: avg('recall'), f1: avg('f1'), support: total };
  };
  const present = sortedUnion(t, p);
  const microIsAccuracy = !given || (present.length === at.size && present.every((l) => at.has(l)));
  const report: Omit<ClassificationReport, 'toString'> = {
    labels, perClass, accuracy: right / t.length, macroAvg: mean(() => 1, n), weightedAvg: mean((j) => support[j], total),
  };
  if (!microIsAccuracy) report.microAvg = scoresOf(tp.reduce((s, v) => s + v, 0), pred.reduce((s, v) => s + v, 0), total);
  return withText(report, () => reportText(report, o.digits));
}

/** The targets of topKAccuracy and logLoss as column indices, and the column count C. */
function targets(owner: string, what: string, yTrue: unknown, values: unknown, classes: unknown): { y: number[]; C: number; v: ArrayLike<number> } {
  const t = readLabels(owner, 'yTrue', yTrue), N = t.length;
  const nested = Array.isArray(values) && Array.isArray(values[0]);
  if (!isNumericArray(values) || nested) {
    const rows = nested ? ' (an array of rows: flatten it, e.g. rows.flat())' : '';
    throw new LinclassError('INVALID_DATA', `${owner} needs ${what} as N·C numbers, row-major (a Float32Array or an array of numbers). Got ${describe(values)}${rows} instead.`);
  }
  const cls = classes === undefined ? null : readLabels(owner, 'classes', classes, true);
  const C = cls ? cls.length : values.length / N;
  if (!Number.isInteger(C) || C < 1 || values.length !== N * C) {
    throw new LinclassError('INVALID_DATA', cls
      ? `${owner}: ${what} has ${values.length} values but yTrue has ${N} rows and classes ${C} labels: ${what} must hold N·C = ${N * C} values, row-major.`
      : `${owner}: ${what} has ${values.length} values, not a whole number of columns for the ${N} rows of yTrue: ${what} must hold N·C values, C per row, row-major.`);
  }
  if (!cls) {
    const bad = t.findIndex((v) => typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= C);
    if (bad >= 0) {
      throw new LinclassError('INVALID_DATA',
        `${owner}: yTrue[${bad}] is ${describe(t[bad])}: without the 'classes' option yTrue holds column indices of ${what}, integers in [0, ${C - 1}]; give classes to use labels.`);
    }
    return { y: t as number[], C, v: values };
  }
  sameKind(owner, cls, "the 'classes' option", t, 'yTrue');
  const at = indexOf(owner, 'classes', cls);
  const y = t.map((v, i) => {
    const c = at.get(v);
    if (c === undefined) {
      throw new LinclassError('INVALID_DATA', `${owner}: yTrue[${i}] is ${describe(v)}, which is not in classes (${listLabels(cls)}): each true label must be one of them.`);
    }
    return c;
  });
  return { y, C, v: values };
}

/**
 * The fraction of rows whose true class is among the k highest scores (sklearn's
 * top_k_accuracy_score). `scores` is N·C row-major, as clf.scores() returns it;
 * yTrue holds column indices in [0, C), or labels when `classes` names the
 * columns. Ties: the lower column index ranks first, as argmax and predict pick
 * (sklearn ranks the higher one first). k = 1 is plain accuracy of the argmax.
 * Throws LinclassError for a k outside [1, C], scores of the wrong length or not
 * finite, a yTrue entry that is not a column index or not in `classes`.
 *
 * @example
 * topKAccuracy(yTest, clf.scores(XTest), { k: 3 });
 */
export function topKAccuracy(yTrue: LabelArray, scores: ArrayLike<number>, options: TopKAccuracyOptions): number {
  const o = validateOptions<TopKAccuracyOptions>('topKAccuracy', TOPK, options);
  const { y, C, v } = targets('topKAccuracy', 'scores', yTrue, scores, o.classes);
  if (o.k > C) throw new LinclassError('INVALID_OPTION', `The 'k' option of topKAccuracy must be an integer in [1, ${C}] (C, the columns of scores). Got ${o.k} instead.`);
  let hits = 0;
  for (let i = 0; i < y.length; i++) {
    const row = i * C, s = v[row + y[i]];
    // rank of the true class: columns scoring higher, or as high at a lower index
    let rank = 0;
    for (let c = 0; c < C; c++) {
      const x = v[row + c];
      if (!Number.isFinite(x)) throw new LinclassError('INVALID_DATA', `topKAccuracy: scores[${row + c}] is ${describe(x)}: scores must be finite numbers.`);
      if (x > s || (x === s && c < y[i])) rank++;
    }
    if (rank < o.k) hits++;
  }
  return hits / y.length;
}

/**
 * The mean negative log-likelihood of the true classes, natural log (sklearn's
 * log_loss): each row of `probabilities` (N·C row-major, as clf.predictProba()
 * returns it) is clipped to [eps, 1 − eps] and divided by its sum, as sklearn
 * does. yTrue holds column indices, or labels of `classes`. Throws LinclassError
 * for fewer than 2 columns, values outside [0, 1], lengths that do not fit, or a
 * yTrue entry that is not a column index or not in `classes`.
 *
 * @example
 * logLoss(yTest, clf.predictProba(XTest));   // 0.31
 */
export function logLoss(yTrue: LabelArray, probabilities: ArrayLike<number>, options: LogLossOptions = {}): number {
  const o = validateOptions<LogLossOptions>('logLoss', LOGLOSS, options);
  const { y, C, v } = targets('logLoss', 'probabilities', yTrue, probabilities, o.classes);
  if (C < 2) throw new LinclassError('INVALID_DATA', `logLoss needs at least 2 classes (columns of probabilities). Got ${C}.`);
  const eps = o.eps ?? (probabilities instanceof Float32Array ? 2 ** -23 : 2 ** -52);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    let sum = 0, mine = 0;
    for (let c = 0; c < C; c++) {
      const x = v[i * C + c];
      if (!(x >= 0 && x <= 1)) {
        throw new LinclassError('INVALID_DATA', `logLoss: probabilities[${i * C + c}] is ${describe(x)}: probabilities must be numbers in [0, 1].`);
      }
      const q = Math.min(Math.max(x, eps), 1 - eps);
      sum += q;
      if (c === y[i]) mine = q;
    }
    total -= Math.log(mine / sum);
  }
  return total / y.length;
}
