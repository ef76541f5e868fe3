// linclass info: what a model file holds.
import { MODEL_VERSION } from '../api.js';
import { out, table } from './io.js';
import { readModel } from './model.js';

function range(a: Float32Array): string {
  let lo = Infinity, hi = -Infinity;
  for (const v of a) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return `[${+lo.toPrecision(4)}, ${+hi.toPrecision(4)}]`;
}

/** The labels as info shows them: all of up to 10, else the first and last few. */
function labelList(labels: (number | string)[]): string {
  const show = (v: number | string) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  return labels.length <= 10 ? labels.map(show).join(', ') : `${labels.slice(0, 4).map(show).join(', ')}, …, ${labels.slice(-2).map(show).join(', ')}`;
}

export function info(path: string, f: { json?: boolean }): void {
  const { clf, bytes, json, onnx } = readModel(path);
  try {
    const o = clf.options, p = clf.preprocessing;
    const version = onnx ? MODEL_VERSION : json ? (JSON.parse(new TextDecoder().decode(bytes)) as { version: number }).version : bytes[8] | (bytes[9] << 8);
    if (f.json) {
      const { W: _W, b: _b, ...rest } = clf.toJSON();
      out(JSON.stringify({ ...rest, file: { bytes: bytes.length, format: onnx ? 'onnx' : json ? 'json' : 'binary', ...(onnx ? {} : { version }) } }));
      return;
    }
    const W = clf.coef, b = clf.intercept;
    out(onnx ? `${path}: ONNX model read as a linear classifier, ${bytes.length} bytes`
      : `${path}: linclass model (${json ? 'JSON' : 'binary'}, format version ${version}${version === MODEL_VERSION ? '' : `; this linclass writes ${MODEL_VERSION}`}), ${bytes.length} bytes${json ? '' : ', checksum ok'}`);
    out(...table([
      ['  loss', o.loss + (o.loss !== 'softmax' ? ` (margin delta ${o.delta})` : '')],
      ['  classes', String(clf.numClasses) + (clf.classes.every((v, i) => v === i) ? '' : `: ${labelList(clf.classes)}`)],
      ['  features', String(clf.numFeatures)],
      ['  penalty', o.penalty === 'none' ? 'none' : `${o.penalty}, reg ${o.reg}${o.penalty === 'elasticnet' ? `, l2Ratio ${o.l2Ratio}` : ''}`],
      ['  seed', String(o.seed)],
      ['  preprocessing', `x × ${+p.scale.toPrecision(6)}${p.mean ? `, minus a mean of ${p.mean.length} values in ${range(p.mean)}` : ', no mean'}`],
      ['  weights', `W ${clf.numClasses}×${clf.numFeatures} in ${range(W)}, b in ${range(b)}`],
    ]));
  } finally {
    clf.dispose();
  }
}
