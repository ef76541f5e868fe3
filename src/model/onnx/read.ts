// fromONNX's reader: walks an ONNX graph node by node (ops.ts), from its one
// input to its outputs, and decides whether they are a linear classifier's —
// a label that is the argmax of scores W·x + b, and scores that are those
// scores (loss 'svm', or the hinge linclass's metadata names: 'ova',
// 'structured'), their softmax, or for two classes the logistic pair
// [σ(−s), σ(s)] (both loss 'softmax', the pair as the softmax of [−s/2, s/2]).
// What no linear classifier reproduces is refused naming the node and the
// operator or attribute; with rawScores the linear part is kept as an SVM.
import { LinclassError } from '../../base/errors.js';
import { describe } from '../../base/validate.js';
import { LOSS, PENALTY } from '../../runtime/kernels.js';
import type { ModelData } from '../file.js';
import { decodeModel, type OnnxModel } from './proto.js';
import { apply, nodeName } from './ops.js';
import { budget, isMirrored, linOf, refuse, sameLin, columnsOf, scaleLin, type Feat, type Label, type Lin, type Scores, type Val } from './values.js';
import { META_FORMAT, META_KEY } from './write.js';

export interface OnnxReadOptions {
  /**
   * Load a model whose probabilities no linear classifier reproduces (one-vs-rest
   * logistic regression, post_transform PROBIT, …) as loss 'svm' with its
   * decision scores W·x + b: labels as the model's (the argmax of those scores), no probabilities. Default false.
   */
  rawScores?: boolean;
}

/** What fromONNX read: the model, and the class labels its label output names. */
export interface OnnxClassifier {
  model: ModelData;
  /**
   * The label of each class index 0 … C − 1, as the file names them
   * (classlabels_ints / classlabels_strings, or the labels an
   * ArrayFeatureExtractor picks); [0, 1, …, C − 1] when the label is the index.
   */
  classes: (number | string)[];
  /** The graph's input, and its label and score outputs. */
  input: string;
  labelOutput: string | null;
  scoreOutputs: string[];
  /** How the file's score outputs relate to the model: 'scores', 'probabilities', or 'decision' (rawScores). */
  scoresAre: 'scores' | 'probabilities' | 'decision';
  /** The producer named in the file (e.g. 'skl2onnx 1.16.0', 'linclass 1'). */
  producer: string;
}

export function readOnnx(bytes: Uint8Array | ArrayBuffer, options: OnnxReadOptions = {}): OnnxClassifier {
  if (!(bytes instanceof Uint8Array) && !(bytes instanceof ArrayBuffer)) {
    throw new LinclassError('INVALID_ARGUMENT', `fromONNX needs the file's bytes as a Uint8Array or an ArrayBuffer. Got ${describe(bytes)} instead.`);
  }
  if (typeof options !== 'object' || options === null || Object.keys(options).some((k) => k !== 'rawScores') ||
      (options.rawScores !== undefined && typeof options.rawScores !== 'boolean')) {
    throw new LinclassError('INVALID_OPTION', `The options of fromONNX are { rawScores?: boolean }. Got ${describe(options)} instead.`);
  }
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  budget.values = buf.length;
  budget.work = 16 * buf.length + 2 ** 16;
  const m = decodeModel(buf);
  for (const [domain, version] of m.opsets) {
    if (domain !== '' && domain !== 'ai.onnx.ml') refuse(`the file imports operator set '${domain}' (version ${version}); linclass reads the standard and ai.onnx.ml operators.`);
  }
  const { values, input } = walk(m);
  return decide(m, values, input, options.rawScores === true);
}

/** Every value's form, node by node in the file's (topological) order. */
function walk(m: OnnxModel): { values: Map<string, Val>; input: string } {
  const g = m.graph, values = new Map<string, Val>();
  for (const t of g.initializers) {
    if (t.external) refuse(`initializer '${t.name}' keeps its data outside the file (external_data), which linclass does not read.`);
    values.set(t.name, { k: 'const', t });
  }
  const inputs = g.inputs.filter((v) => !values.has(v.name));
  if (inputs.length !== 1) refuse(`the graph has ${inputs.length} inputs (${inputs.map((v) => `'${v.name}'`).join(', ')}); a linear classifier reads one, the features.`);
  const x = inputs[0];
  if (x.elemType !== 1 && x.elemType !== 11) refuse(`the input '${x.name}' has element type ${x.elemType}; linclass reads float (1) or double (11) features.`);
  if (x.shape && x.shape.length !== 2) refuse(`the input '${x.name}' has ${x.shape.length} dimensions; linclass reads rows of features [N, D].`);
  values.set(x.name, { k: 'feat', scale: 1, mean: null });
  for (const n of g.nodes) {
    const name = nodeName(n);
    if (n.domain !== '' && n.domain !== 'ai.onnx' && n.domain !== 'ai.onnx.ml') refuse(`${name} is in domain '${n.domain}', which linclass does not read.`);
    if ([...n.attrs.values()].some((a) => a.graph)) refuse(`${name} holds a subgraph, which linclass does not read.`);
    const ins = n.inputs.map((i) => {
      if (i === '') return undefined;
      const v = values.get(i);
      if (!v) throw new LinclassError('INVALID_DATA', `Not a valid ONNX file: ${name} reads '${i}', which no earlier node, initializer or input makes.`);
      return v;
    });
    const outs = apply(n, ins);
    n.outputs.forEach((o, i) => { if (o !== '' && outs[i]) values.set(o, outs[i]); });
  }
  return { values, input: x.name };
}

function decide(m: OnnxModel, values: Map<string, Val>, input: string, raw: boolean): OnnxClassifier {
  let label: { name: string; v: Label } | null = null;
  const scores: { name: string; v: Scores }[] = [];
  for (const o of m.graph.outputs) {
    const v = values.get(o.name);
    if (!v) throw new LinclassError('INVALID_DATA', `Not a valid ONNX file: the graph output '${o.name}' is made by no node.`);
    if (v.k === 'index' || v.k === 'label') {
      if (label) refuse(`the graph has two label outputs ('${label.name}' and '${o.name}').`);
      label = { name: o.name, v: v.k === 'label' ? v : { k: 'label', index: v, classes: [] } };
    } else if (v.k === 'lin' || v.k === 'ew' || v.k === 'soft' || v.k === 'derived') scores.push({ name: o.name, v });
    else refuse(`the graph output '${o.name}' is ${v.k === 'feat' ? 'the input features' : v.k === 'const' ? 'a constant' : 'a per-row value'}, not a label or scores.`);
  }
  if (!label && scores.length === 0) refuse('the graph has no output that is a label or scores.');
  // the classifier: the scores whose argmax is the label, or the outputs' own scores
  const by = label ? label.v.index.of : scores[0].v;
  let l = linOf(by as Scores);
  if (label && by.k !== 'lin' && by.k !== 'soft' && !(by.k === 'ew' && by.dir === 1) && !(by.k === 'derived' && by.monotone)) {
    refuse(`the label '${label.name}' is the ArgMax of values that do not keep the scores' order (${by.k === 'derived' ? by.why : `${(by as { chain?: string[] }).chain?.join(' ∘ ')} of the scores`}).`);
  }
  let loss: 'svm' | 'softmax' = 'svm', scoresAre: OnnxClassifier['scoresAre'] = 'scores';
  for (const s of scores) {
    const sl = linOf(s.v);
    const same = sameLin(sl, l) || (s.v.k === 'lin' && columnsOf(sl, l) !== null);
    const kind = s.v.k === 'soft' ? 'softmax' : s.v.k === 'ew' && s.v.chain.join() === 'sigmoid' && isMirrored(sl) ? 'pair' : s.v.k === 'lin' ? 'raw' : 'other';
    if (raw) {
      if (!same && !columnsOf(l, sl)) refuse(`the output '${s.name}' is computed from other scores than the label is.`);
      scoresAre = 'decision';
      continue;
    }
    if (!same) refuse(`the output '${s.name}' is computed from other scores than the label's.`);
    if (kind === 'other') {
      const why = s.v.k === 'derived' ? s.v.why : `the output '${s.name}' applies ${(s.v as { chain: string[] }).chain.join(' ∘ ')} to the scores`;
      refuse(`${why}. A linear classifier's scores are W·x + b (loss 'svm') or their softmax (loss 'softmax'); pass { rawScores: true } to load the decision scores W·x + b as an SVM-loss classifier (same labels, no probabilities).`);
    }
    if (kind === 'softmax' || kind === 'pair') {
      loss = 'softmax';
      scoresAre = 'probabilities';
      if (kind === 'pair') l = scaleLin(l, 0.5);
    }
  }
  // the label's own list, else the class labels linclass keeps in its metadata, else the indices
  const K = l.K, classes = label && label.v.classes.length ? label.v.classes : metaClasses(m, K) ?? Array.from({ length: K }, (_, i) => i);
  if (classes.length !== K) refuse(`the label picks from ${classes.length} class labels but the scores have ${K} columns.`);
  return {
    model: modelData(m, l, loss), classes, input, labelOutput: label?.name ?? null, scoreOutputs: scores.map((s) => s.name), scoresAre,
    producer: `${m.producerName} ${m.producerVersion}`.trim(),
  };
}

/** The class labels linclass's metadata names: K sorted, distinct integers or strings, else null. */
function metaClasses(m: OnnxModel, K: number): (number | string)[] | null {
  try {
    const c = (JSON.parse(m.metadata.get(META_KEY) ?? 'null') as { format?: string; classes?: unknown } | null);
    if (c?.format !== META_FORMAT || !Array.isArray(c.classes) || c.classes.length !== K) return null;
    const v = c.classes as (number | string)[];
    const kind = typeof v[0];
    if (!v.every((x, i) => typeof x === kind && (kind === 'string' || Number.isInteger(x)) && (i === 0 || v[i - 1] < x))) return null;
    return v;
  } catch {
    return null;
  }
}

/** The model's data; linclass's own metadata restores the options and the exact scale. */
function modelData(m: OnnxModel, l: Lin, loss: 'svm' | 'softmax'): ModelData {
  const f: Feat = l.feat;
  const data: ModelData = {
    loss, penalty: 'l2', reg: 1e-4, l2Ratio: 0.5, delta: 1, seed: 0, numFeatures: l.D, numClasses: l.K,
    preprocessing: { scale: f.scale, mean: f.mean && Float32Array.from(f.mean) },
    W: Float32Array.from(l.W), b: Float32Array.from(l.b), classes: null,
  };
  const text = m.metadata.get(META_KEY);
  if (text === undefined) return data;
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(text);
  } catch {
    return data;
  }
  if (meta?.format !== META_FORMAT) return data;
  // a graph with scores is any hinge loss: the metadata says which
  if (loss === 'svm' && (meta.loss === 'ova' || meta.loss === 'structured')) data.loss = meta.loss;
  else if (meta.loss !== loss) return data;
  const num = (k: string) => (typeof meta[k] === 'number' ? (meta[k] as number) : (data[k as keyof ModelData] as number));
  if (typeof meta.penalty === 'string' && meta.penalty in PENALTY) data.penalty = meta.penalty as ModelData['penalty'];
  if (!(loss in LOSS)) return data;
  data.reg = num('reg');
  data.l2Ratio = num('l2Ratio');
  data.delta = num('delta');
  data.seed = num('seed');
  if (typeof meta.scale === 'number' && Math.fround(meta.scale) === Math.fround(f.scale)) data.preprocessing.scale = meta.scale;
  return data;
}
