// linclass eval and linclass predict: a saved model on data files. The model's
// preprocessing is applied to the raw rows, exactly as when it was saved.
import { DataError } from './errors.js';
import { frac, out } from './io.js';
import { loadData } from './load.js';
import { readModel } from './model.js';
import type { LabelArray } from '../api.js';
import { confusionMatrix, classificationReport } from '../api.js';

export interface DataFlags {
  label?: string;
  header?: boolean;
}

function checkWidth(name: string, D: number, modelD: number, path: string): void {
  if (D !== modelD) throw new DataError(`${name} has ${D} features per row but the model ${path} expects ${modelD}.`);
}

/** The confusion matrix and classification report of predictions, over the labels present (as sklearn's defaults). */
function metrics(y: ArrayLike<number>, pred: ArrayLike<number>) {
  return { confusionMatrix: confusionMatrix(y, pred), report: classificationReport(y, pred, { digits: 4 }) };
}

export async function evaluate(modelPath: string, files: string[], f: DataFlags & { json?: boolean }): Promise<void> {
  const { clf } = readModel(modelPath);
  try {
    const d = await loadData(files, { label: f.label, header: f.header });
    checkWidth(d.name, d.numFeatures, clf.numFeatures, modelPath);
    const ds = clf.toDataset(d.X, d.y!);
    let loss: number, accuracy: number, pred: Int32Array;
    try {
      ({ loss, accuracy } = clf.evaluate(ds));
      pred = clf.predict(ds);
    } finally {
      ds.dispose();
    }
    const { confusionMatrix: cm, report } = metrics(d.y!, pred);
    if (f.json) out(JSON.stringify({ rows: d.rows, accuracy, loss, confusionMatrix: cm, report }));
    else {
      out(`${d.name}: ${d.rows} rows, accuracy ${frac(accuracy)}, loss ${loss.toFixed(4)}`, '',
        'confusion matrix (rows: true class, columns: predicted):', String(cm), 'classification report:', String(report).trimEnd());
    }
  } finally {
    clf.dispose();
  }
}

export async function predict(modelPath: string, files: string[], f: DataFlags & { proba?: boolean; format: 'csv' | 'jsonl' }): Promise<void> {
  const { clf } = readModel(modelPath);
  try {
    const d = await loadData(files, { label: f.label, header: f.header, unlabelled: true, numFeatures: clf.numFeatures });
    checkWidth(d.name, d.numFeatures, clf.numFeatures, modelPath);
    const C = clf.numClasses;
    const ds = clf.toDataset(d.X, null);
    let P: Float32Array | null, pred: LabelArray;
    try {
      P = f.proba ? clf.predictProba(ds) : null;
      pred = clf.predict(ds);
    } finally {
      ds.dispose();
    }
    const p6 = (v: number) => String(+v.toPrecision(6));
    const lines: string[] = [];
    if (f.format === 'csv') lines.push(['prediction', ...(P ? Array.from({ length: C }, (_, c) => `p${c}`) : [])].join(','));
    for (let i = 0; i < pred.length; i++) {
      const probs = P ? Array.from(P.subarray(i * C, i * C + C), p6) : null;
      lines.push(f.format === 'csv'
        ? [String(pred[i]), ...(probs ?? [])].join(',')
        : `{"prediction":${JSON.stringify(pred[i])}${probs ? `,"proba":[${probs.join(',')}]` : ''}}`);
      if (lines.length >= 4096) out(lines.splice(0).join('\n'));
    }
    if (lines.length) out(lines.join('\n'));
  } finally {
    clf.dispose();
  }
}
