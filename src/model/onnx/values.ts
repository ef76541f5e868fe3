// What fromONNX knows about each value of a graph as it walks the nodes: not
// numbers but forms. The input after x·scale − mean (feat), scores affine in it
// (lin: W·x + b, with W and b known exactly), functions of those scores
// element by element (ew), their softmax (soft), per-row values computed from
// them (row), anything else computed from them (derived, with the reason it is
// not a linear classifier's), an argmax (index), a label picked by it, and
// constants.
import { LinclassError } from '../../base/errors.js';
import type { OnnxTensor } from './proto.js';

export interface Feat { k: 'feat'; scale: number; mean: Float64Array | null }
export interface Lin { k: 'lin'; W: Float64Array; b: Float64Array; K: number; D: number; feat: Feat }
/** A function of each score: its steps, whether it keeps their order (dir 1) or reverses it (−1), and whether its values are > 0. */
export interface Ew { k: 'ew'; lin: Lin; chain: string[]; dir: number; positive: boolean }
export interface Soft { k: 'soft'; lin: Lin }
export interface Row { k: 'row'; lin: Lin; positive: boolean; nonneg: boolean }
/** Computed from the scores in a way a linear classifier cannot reproduce; monotone when it keeps each row's order. */
export interface Derived { k: 'derived'; lin: Lin; why: string; monotone: boolean }
export interface Index { k: 'index'; of: Val }
export interface Label { k: 'label'; index: Index; classes: (number | string)[] }
export interface Const { k: 'const'; t: OnnxTensor }
export type Scores = Lin | Ew | Soft | Derived;
export type Val = Feat | Scores | Row | Index | Label | Const;

export const refuse = (msg: string): never => {
  throw new LinclassError('NOT_SUPPORTED', `fromONNX: ${msg}`);
};
export const invalid = (msg: string): never => {
  throw new LinclassError('INVALID_DATA', `Not a valid ONNX file: ${msg}.`);
};

/** The lin a value of scores is computed from. */
export const linOf = (v: Scores | Row): Lin => (v.k === 'lin' ? v : v.lin);

/** The numeric values of a constant (FLOAT and DOUBLE, or integers), or null for strings and unread types. */
export function numbers(t: OnnxTensor): ArrayLike<number> | null {
  return t.values ?? t.ints ?? null;
}

/** A constant that holds one number (a scalar, or one element of any shape). */
export function scalarOf(v: Val): number | null {
  if (v.k !== 'const') return null;
  const n = numbers(v.t);
  return n && n.length === 1 ? n[0] : null;
}

/** A constant of `n` numbers shaped [n], [1, n] or a scalar broadcast to n. */
export function rowVector(v: Val, n: number): Float64Array | null {
  if (v.k !== 'const') return null;
  const x = numbers(v.t), dims = v.t.dims.filter((d) => d !== 1);
  if (!x || dims.length > 1) return null;
  if (x.length === 1) return new Float64Array(n).fill(x[0]);
  return x.length === n ? Float64Array.from(x) : null;
}

/**
 * What one read may compute, set from the file's size: every weight comes from
 * the file (4 bytes or more each), so no lin has more values than the file has
 * bytes, and the values made in all are a small multiple of them. A crafted
 * graph that would build more (a Concat of one value many times, long chains)
 * is refused before it allocates.
 */
export const budget = { values: 0, work: 0 };

export function lin(W: Float64Array, b: Float64Array, K: number, D: number, feat: Feat): Lin {
  budget.work -= W.length + b.length;
  if (W.length > budget.values || budget.work < 0) invalid(`its graph computes scores of ${K}×${D} weights, more than its bytes can hold`);
  return { k: 'lin', W, b, K, D, feat };
}

/** Checks, before allocating, that scores of K×D weights are within the budget. */
export function affordable(K: number, D: number): void {
  if (K * D > budget.values || K * D > budget.work) invalid(`its graph computes scores of ${K}×${D} weights, more than its bytes can hold`);
}

/** c·(W·x + b). */
export const scaleLin = (l: Lin, c: number): Lin => (affordable(l.K, l.D), lin(l.W.map((w) => w * c), l.b.map((w) => w * c), l.K, l.D, l.feat));

/** The rows of several lins over the same input, one after the other. */
export function concatLins(ls: Lin[]): Lin | null {
  const f = ls[0].feat, D = ls[0].D;
  if (ls.some((l) => l.feat !== f || l.D !== D)) return null;
  const K = ls.reduce((a, l) => a + l.K, 0);
  affordable(K, D);
  const W = new Float64Array(K * D), b = new Float64Array(K);
  let k = 0;
  for (const l of ls) {
    W.set(l.W, k * D);
    b.set(l.b, k);
    k += l.K;
  }
  return lin(W, b, K, D, f);
}

/** Columns `cols` of the scores. */
export function selectLin(l: Lin, cols: ArrayLike<number>): Lin | null {
  if (cols.length > l.K) return null;
  const out = new Float64Array(cols.length * l.D), b = new Float64Array(cols.length);
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i] < 0 ? cols[i] + l.K : cols[i];
    if (!Number.isInteger(c) || c < 0 || c >= l.K) return null;
    out.set(l.W.subarray(c * l.D, (c + 1) * l.D), i * l.D);
    b[i] = l.b[c];
  }
  return lin(out, b, cols.length, l.D, l.feat);
}

export function sameLin(a: Lin, b: Lin): boolean {
  return a.feat === b.feat && a.K === b.K && a.D === b.D && a.W.every((w, i) => w === b.W[i]) && a.b.every((w, i) => w === b.b[i]);
}

/** The columns of `big` that `small` is, in order, or null. */
export function columnsOf(small: Lin, big: Lin): number[] | null {
  if (small.feat !== big.feat || small.D !== big.D) return null;
  const cols: number[] = [];
  for (let i = 0; i < small.K; i++) {
    let found = -1;
    for (let c = 0; c < big.K && found < 0; c++) {
      if (small.b[i] === big.b[c] && small.W.subarray(i * small.D, (i + 1) * small.D).every((w, d) => w === big.W[c * big.D + d])) found = c;
    }
    if (found < 0) return null;
    cols.push(found);
  }
  return cols;
}

/** Two rows where the second is the exact negation of the first: s ↦ [−s, s]. */
export function isMirrored(l: Lin): boolean {
  if (l.K !== 2) return false;
  const D = l.D;
  for (let d = 0; d < D; d++) if (l.W[d] !== -l.W[D + d]) return false;
  return l.b[0] === -l.b[1];
}

/** Direction (1 keeps order, −1 reverses, 0 unknown) and positivity of a chain of steps applied to scores. */
function judge(chain: string[]): { dir: number; positive: boolean } {
  let dir = 1, positive = false;
  for (const step of chain) {
    const [name, a, b] = step.split(':'), x = Number(a);
    if (name === 'neg') { dir = -dir; positive = false; }
    else if (name === 'exp' || name === 'sigmoid') positive = true;
    else if (name === 'recip') dir = positive ? -dir : 0;
    else if (name === 'add') positive = positive && x >= 0;
    else if (name === 'mul') { dir = x > 0 ? dir : x < 0 ? -dir : 0; positive = positive && x > 0; }
    else if (name === 'clip') positive = Number(a) > 0 || (positive && Number(a) >= 0 && Number(b) > 0);
    else { dir = 0; positive = false; }
  }
  return { dir, positive };
}

/**
 * The chain of an element-wise function after one more step, simplified:
 * 1 / (1 + exp(−s)) is sigmoid(s), 1 − sigmoid(s) is sigmoid(−s), and a
 * leading negation folds into the scores.
 */
export function extend(e: Ew, step: string): Ew {
  if (e.chain.length >= 32) refuse('the graph applies more than 32 element-wise steps to the scores.');
  let chain = [...e.chain, step];
  const j = chain.join(' ');
  if (j.endsWith('neg exp add:1 recip')) chain = [...chain.slice(0, -4), 'sigmoid'];
  else if (j.endsWith('exp add:1 recip')) chain = [...chain.slice(0, -3), 'neg', 'sigmoid'];
  else if (j.endsWith('sigmoid neg add:1')) chain = [...chain.slice(0, -3), 'neg', 'sigmoid'];
  let l = e.lin;
  if (chain[0] === 'neg') {
    l = scaleLin(l, -1);
    chain = chain.slice(1);
  }
  return { k: 'ew', lin: l, chain, ...judge(chain) };
}

/** A value as an element-wise function of scores (a lin is the identity function). */
export const asEw = (v: Lin | Ew): Ew => (v.k === 'ew' ? v : { k: 'ew', lin: v, chain: [], dir: 1, positive: false });

/** Back to a lin when the chain is empty. */
export const tidy = (e: Ew): Lin | Ew => (e.chain.length === 0 ? e.lin : e);
