// One node of a graph applied to the forms of its inputs (values.ts): the
// operators scikit-learn's converter and linclass write for linear classifiers,
// each checked for the attributes that keep it linear; anything else computed
// from the scores becomes 'derived' with the operator named.
import type { OnnxNode, OnnxTensor } from './proto.js';
import { DT } from './proto.js';
import {
  affordable, asEw, concatLins, extend, invalid, isMirrored, lin, linOf, numbers, refuse, rowVector, scalarOf, scaleLin, selectLin, tidy,
  type Derived, type Ew, type Feat, type Lin, type Scores, type Val,
} from './values.js';

const isScores = (v: Val): v is Scores => v.k === 'lin' || v.k === 'ew' || v.k === 'soft' || v.k === 'derived';

export function nodeName(n: OnnxNode): string {
  return `node '${n.name || n.outputs[0] || '?'}' (${n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.` : ''}${n.opType})`;
}

const ints = (n: OnnxNode, name: string, def: number): number => n.attrs.get(name)?.i ?? def;

/** The forms of a node's outputs. */
export function apply(n: OnnxNode, ins: (Val | undefined)[]): Val[] {
  const name = nodeName(n), [a, b] = ins;
  const sym = ins.filter((v): v is Val => v !== undefined && v.k !== 'const');
  const derived = (why: string): Val[] => {
    const src = sym.find((v) => isScores(v) || v.k === 'row') as Scores | undefined;
    if (!src) return refuse(`${name} ${why}.`);
    // the first step away from a linear classifier is the one to name
    const first = sym.find((v): v is Derived => v.k === 'derived');
    return n.outputs.map(() => ({ k: 'derived', lin: linOf(src as Scores), why: first ? first.why : `${name} ${why}`, monotone: false }));
  };
  if (sym.some((v) => v.k === 'feat') && !['Mul', 'Sub', 'Add', 'Div', 'Cast', 'Identity', 'MatMul', 'Gemm', 'LinearClassifier'].includes(n.opType)) {
    return refuse(`${name} is applied to the input: linclass reads a preprocessing of the form x·scale − mean (Mul, Sub) followed by MatMul, Gemm or LinearClassifier.`);
  }
  if (sym.length === 0 && !['Identity', 'Cast', 'Reshape', 'Constant'].includes(n.opType)) {
    return refuse(`${name} computes from constants only, which linclass does not evaluate.`);
  }
  // every operator read below but Constant takes its first input (and the binary ones a second)
  if (n.opType !== 'Constant' && a === undefined) return refuse(`${name} has no first input.`);
  if (['MatMul', 'Gemm', 'Add', 'Sub', 'Mul', 'Div', 'Gather', 'ArrayFeatureExtractor'].includes(n.opType) && b === undefined) {
    return refuse(`${name} has no second input.`);
  }
  switch (n.opType) {
    case 'Constant': {
      const t = n.attrs.get('value')?.t;
      return t ? [{ k: 'const', t }] : refuse(`${name} has no tensor 'value' (other Constant forms are not read).`);
    }
    case 'Identity': return [a!];
    case 'Cast': {
      const to = ints(n, 'to', 0);
      if (a!.k === 'index' || a!.k === 'label' || a!.k === 'const') return [a!];
      if (to === DT.FLOAT || to === DT.DOUBLE) return [a!];
      if (a!.k === 'row' && to === DT.BOOL) return [{ ...a!, positive: false, nonneg: true }];
      return derived(`casts the scores to type ${to}`);
    }
    case 'Reshape': case 'Flatten': case 'Squeeze': case 'Unsqueeze':
      if (a!.k === 'index' || a!.k === 'label' || a!.k === 'const') return [a!];
      return derived('reshapes the scores');
    case 'MatMul': return [matmul(name, a!, b!, false, 1)];
    case 'Gemm': {
      if (ints(n, 'transA', 0) !== 0) refuse(`${name} has transA = 1: the input must be the left operand as it is.`);
      const l = matmul(name, a!, b!, ints(n, 'transB', 0) === 1, n.attrs.get('alpha')?.f ?? 1);
      if (!ins[2]) return [l];
      const beta = n.attrs.get('beta')?.f ?? 1, c = rowVector(ins[2], l.K);
      if (!c) return refuse(`${name} has a bias C that is not a constant of ${l.K} values.`);
      return [lin(l.W, l.b.map((v, i) => v + beta * c[i]), l.K, l.D, l.feat)];
    }
    case 'LinearClassifier': return linearClassifier(n, name, a!);
    case 'Add': case 'Sub': case 'Mul': case 'Div': return [arith(n.opType, name, a!, b!, derived)];
    case 'Neg': case 'Exp': case 'Sigmoid': case 'Reciprocal': {
      if (a!.k !== 'lin' && a!.k !== 'ew') return derived(`applies ${n.opType} to values that are not scores`);
      const step = { Neg: 'neg', Exp: 'exp', Sigmoid: 'sigmoid', Reciprocal: 'recip' }[n.opType];
      return [tidy(extend(asEw(a!), step))];
    }
    case 'Clip': {
      if (a!.k !== 'lin' && a!.k !== 'ew') return derived('clips values that are not scores');
      const lo = n.attrs.get('min')?.f ?? (ins[1] ? scalarOf(ins[1]) : -Infinity), hi = n.attrs.get('max')?.f ?? (ins[2] ? scalarOf(ins[2]) : Infinity);
      return [extend(asEw(a!), `clip:${lo}:${hi}`)];
    }
    case 'Softmax': {
      const axis = ints(n, 'axis', -1);
      if (a!.k === 'lin' && (axis === 1 || axis === -1)) return [{ k: 'soft', lin: a! }];
      return derived(a!.k === 'lin' ? `has axis ${axis} (the classes are axis 1)` : 'is applied to values that are not raw scores');
    }
    case 'Normalizer': return [normalizer(n, name, a!, derived)];
    case 'ReduceSum': {
      if (!isScores(a!)) return derived('sums values that are not scores');
      const axes = n.attrs.get('axes')?.ints ?? (ins[1] ? numbers((ins[1] as { t: OnnxTensor }).t) : null);
      if (!axes || axes.length !== 1 || (axes[0] !== 1 && axes[0] !== -1) || ints(n, 'keepdims', 1) !== 1) return derived('is not a sum over the classes (axis 1, keepdims)');
      const positive = (a!.k === 'ew' && a!.positive) || a!.k === 'soft';
      return [{ k: 'row', lin: linOf(a!), positive, nonneg: positive }];
    }
    case 'Not': return a!.k === 'row' ? [{ ...a!, positive: false, nonneg: true }] : derived('is applied to the scores');
    case 'Concat': return [concat(n, name, ins, derived)];
    case 'ArgMax': {
      if (ints(n, 'select_last_index', 0) !== 0) refuse(`${name} has select_last_index = 1; linclass picks the first class on ties.`);
      const axis = ints(n, 'axis', 0);
      if (axis !== 1 && axis !== -1) refuse(`${name} has axis ${axis}; the classes are axis 1.`);
      if (!isScores(a!)) refuse(`${name} is applied to values that are not scores.`);
      return [{ k: 'index', of: a! }];
    }
    case 'Gather': case 'ArrayFeatureExtractor': {
      if (n.opType === 'Gather' && ints(n, 'axis', 0) !== 0) return derived('gathers along an axis other than 0');
      if (a!.k === 'const' && b!.k === 'index') {
        const t = a!.t, classes = t.strings ?? t.ints;
        if (!classes) refuse(`${name} picks labels from a tensor of type ${t.type}, not integers or strings.`);
        return [{ k: 'label', index: b!, classes: classes! }];
      }
      if (n.opType === 'Gather') return derived('gathers rows of values other than a constant list of class labels');
      const cols = b!.k === 'const' ? numbers(b!.t) : null;
      const l = cols && a!.k === 'lin' ? selectLin(a!, cols) : null;
      return l ? [l] : derived('picks columns other than constant ones of raw scores');
    }
    case 'ZipMap': return [a!];
    default: return derived(`is an operator linclass does not read (${n.opType})`);
  }
}

/** feat·B (+0): B a constant [D, K] (or [K, D] with transB), times alpha. */
function matmul(name: string, a: Val, b: Val, transB: boolean, alpha: number): Lin {
  if (a.k !== 'feat') refuse(`${name} multiplies ${a.k === 'const' ? 'a constant' : 'values other than the input features'}; linclass reads one affine map of the input.`);
  if (b.k !== 'const' || !b.t.values || b.t.dims.length !== 2) return refuse(`${name} needs constant weights of 2 dimensions (float or double).`);
  const [r, c] = b.t.dims, v = b.t.values, K = transB ? r : c, D = transB ? c : r;
  affordable(K, D);
  const W = new Float64Array(K * D);
  for (let k = 0; k < K; k++) for (let d = 0; d < D; d++) W[k * D + d] = alpha * (transB ? v[k * D + d] : v[d * K + k]);
  return lin(W, new Float64Array(K), K, D, a as Feat);
}

function arith(op: string, name: string, a: Val, b: Val, derived: (why: string) => Val[]): Val {
  const c = scalarOf(b), ca = scalarOf(a);
  if (a.k === 'feat' || b.k === 'feat') return preprocess(op, name, a, b);
  if (a.k === 'lin' && b.k === 'const' && (op === 'Add' || op === 'Sub')) {
    const v = rowVector(b, a.K);
    if (v) return lin(a.W, a.b.map((x, i) => (op === 'Add' ? x + v[i] : x - v[i])), a.K, a.D, a.feat);
  }
  if (b.k === 'lin' && a.k === 'const' && op === 'Add') return arith(op, name, b, a, derived);
  if (a.k === 'lin' && c !== null && Number.isFinite(c) && c !== 0 && (op === 'Mul' || op === 'Div')) return scaleLin(a, op === 'Mul' ? c : 1 / c);
  if ((a.k === 'lin' || a.k === 'ew') && c !== null) {
    const step = op === 'Add' ? `add:${c}` : op === 'Sub' ? `add:${-c}` : op === 'Mul' ? `mul:${c}` : `mul:${1 / c}`;
    return tidy(extend(asEw(a), step));
  }
  if ((b.k === 'lin' || b.k === 'ew') && ca !== null && op !== 'Div') {
    const e = asEw(b);
    return tidy(op === 'Add' ? extend(e, `add:${ca}`) : op === 'Mul' ? extend(e, `mul:${ca}`) : extend(extend(e, 'neg'), `add:${ca}`));
  }
  // the scores with a per-row value: order kept by adding one, or by scaling by a positive one
  const row = a.k === 'row' ? a : b.k === 'row' ? b : null, other = row === a ? b : a;
  if (row && other.k === 'row') {
    return { k: 'row', lin: row.lin, positive: row.positive && other.nonneg && op === 'Add', nonneg: row.nonneg && other.nonneg && op !== 'Sub' };
  }
  if (row && isScoreLike(other) && (row === b || op === 'Add' || op === 'Mul')) {
    const keeps = op === 'Add' || op === 'Sub' || row.positive;
    const what = other.k === 'ew' ? `${other.chain.join(' ∘ ') || 'raw'} scores` : other.k === 'derived' ? 'values derived from the scores' : 'the scores';
    const why = other.k === 'derived' ? other.why : `${name} combines ${what} with a per-row value (such as their sum)`;
    return { k: 'derived', lin: linOf(other), why, monotone: keeps && isMonotone(other) };
  }
  if (row && c !== null) return { k: 'row', lin: row.lin, positive: row.positive && (op === 'Mul' ? c > 0 : op === 'Add' ? c >= 0 : false), nonneg: row.nonneg && c >= 0 && op === 'Mul' };
  return derived(`(${op}) combines values in a way linclass does not read`)[0];
}

const isScoreLike = (v: Val): v is Scores => v.k === 'lin' || v.k === 'ew' || v.k === 'soft' || v.k === 'derived';
const isMonotone = (v: Scores): boolean => v.k === 'lin' || v.k === 'soft' || (v.k === 'ew' && v.dir === 1) || (v.k === 'derived' && v.monotone);

/** x·scale − mean on the input: Mul (scale > 0), then Sub or Add of D values. */
function preprocess(op: string, name: string, a: Val, b: Val): Feat {
  const f = (a.k === 'feat' ? a : b) as Feat, other = a.k === 'feat' ? b : a, c = scalarOf(other);
  if ((op === 'Mul' || (op === 'Div' && a.k === 'feat')) && c !== null && f.mean === null && c > 0 && Number.isFinite(c)) {
    return { k: 'feat', scale: op === 'Mul' ? f.scale * c : f.scale / c, mean: null };
  }
  if ((op === 'Sub' && a.k === 'feat') || op === 'Add') {
    if (other.k === 'const' && other.t.values && other.t.dims.filter((d) => d !== 1).length <= 1 && f.mean === null) {
      const v = other.t.values;
      return { k: 'feat', scale: f.scale, mean: op === 'Sub' ? Float64Array.from(v) : v.map((x) => -x) };
    }
  }
  return refuse(`${name} (${op}) on the input is not part of a preprocessing x·scale − mean (a positive scalar scale, then one vector subtracted).`);
}

function normalizer(n: OnnxNode, name: string, a: Val, derived: (why: string) => Val[]): Val {
  const norm = n.attrs.get('norm')?.s ?? 'MAX';
  if (a.k === 'soft' && norm === 'L1') return a;
  if (a.k === 'ew' && norm === 'L1' && a.chain.join() === 'sigmoid' && isMirrored(a.lin)) return a;
  if (isScoreLike(a) && (a.k === 'soft' || (a.k === 'ew' && a.positive))) {
    return { k: 'derived', lin: linOf(a), why: `${name} normalises (norm '${norm}') ${a.k === 'ew' ? `${a.chain.join(' ∘ ') || 'raw'} scores` : 'probabilities'}`, monotone: isMonotone(a) };
  }
  return derived(`normalises (norm '${norm}') values that are not positive scores`)[0];
}

function concat(n: OnnxNode, name: string, ins: (Val | undefined)[], derived: (why: string) => Val[]): Val {
  const axis = ints(n, 'axis', 0);
  const parts = ins.filter((v): v is Val => v !== undefined);
  if ((axis === 1 || axis === -1) && parts.every((v) => v.k === 'lin' || v.k === 'ew')) {
    const ews = parts.map((v) => asEw(v as Lin | Ew)), chain = ews[0].chain.join(' ');
    if (ews.every((e) => e.chain.join(' ') === chain)) {
      const l = concatLins(ews.map((e) => e.lin));
      if (l) return tidy({ ...ews[0], lin: l });
    }
  }
  return derived('joins values that are not the same function of scores')[0];
}

/** ai.onnx.ml LinearClassifier: scores W·x + b, the label by argmax over them (one row: s > 0), then the post transform. */
function linearClassifier(n: OnnxNode, name: string, x: Val): Val[] {
  const at = (k: string) => n.attrs.get(k);
  const coef = at('coefficients')?.floats ?? [], icpt = at('intercepts')?.floats ?? [];
  const classes: (number | string)[] = at('classlabels_strings')?.strings.length ? at('classlabels_strings')!.strings : at('classlabels_ints')?.ints ?? [];
  const K = icpt.length;
  if (x.k !== 'feat') refuse(`${name} is applied to values other than the input features.`);
  if (K === 0 || coef.length % K !== 0) invalid(`${name} has ${coef.length} coefficients and ${K} intercepts; the coefficients must be a whole number of rows`);
  const D = coef.length / K, post = at('post_transform')?.s ?? 'NONE';
  if (classes.length !== (K === 1 ? 2 : K)) invalid(`${name} has ${K} rows of coefficients but ${classes.length} class labels`);
  affordable(K, D);
  let l = lin(Float64Array.from(coef), Float64Array.from(icpt), K, D, x as Feat);
  if (K === 1) {
    // one row: the label is s > 0 (argmax of [−s, s]); the scores [1 − s, s] are no linear classifier's
    l = concatLins([scaleLin(l, -1), l])!;
    const why = `${name} has one row of coefficients: its label is s > 0 but its scores are [1 − s, s] (post_transform '${post}' aside)`;
    return [{ k: 'label', index: { k: 'index', of: l }, classes }, { k: 'derived', lin: l, why, monotone: false }];
  }
  const label: Val = { k: 'label', index: { k: 'index', of: l }, classes };
  if (post === 'NONE') return [label, l];
  if (post === 'SOFTMAX') return [label, { k: 'soft', lin: l }];
  if (post === 'LOGISTIC') return [label, extend(asEw(l), 'sigmoid')];
  return [label, { k: 'derived', lin: l, why: `${name} has post_transform '${post}', which no loss of a linear classifier gives`, monotone: false }];
}
