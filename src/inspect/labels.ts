// Label arrays as the metrics take them: any array-like of numbers or of
// strings (not both), checked once, with numpy's sort order for their union.
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import { isNumericArray } from '../base/checks.js';

/** A class label: a number (finite) or a string. */
export type Label = number | string;

/** Labels as the metrics accept them: an array, a typed array or any other array-like of numbers or strings. */
export type LabelArray = ArrayLike<Label>;

/** Up to `max` labels of a list as a message shows them: 0, 1, 2, … (10 in all). */
export function listLabels(labels: readonly Label[], max = 10): string {
  const shown = labels.slice(0, max).map((l) => describe(l)).join(', ');
  return labels.length > max ? `${shown}, … (${labels.length} in all)` : shown;
}

/**
 * Reads `a` as labels: numbers (finite) or strings, all of one kind; returns a
 * plain array. Throws LinclassError naming the argument (INVALID_DATA) or the
 * option (INVALID_OPTION, with `option`), the first bad entry and what is allowed.
 * An empty array is refused.
 */
export function readLabels(owner: string, name: string, a: unknown, option = false): Label[] {
  const code = option ? 'INVALID_OPTION' : 'INVALID_DATA';
  const arrayLike = Array.isArray(a) || isNumericArray(a) ||
    (typeof a === 'object' && a !== null && !ArrayBuffer.isView(a) && Number.isInteger((a as { length?: unknown }).length) &&
      (a as { length: number }).length >= 0);
  const src = a as ArrayLike<unknown>;
  if (!arrayLike || (option && src.length === 0)) {
    throw new LinclassError(code, option
      ? `The '${name}' option of ${owner} must be a non-empty array of labels (numbers or strings, all of one kind). Got ${describe(a)} instead.`
      : `${owner} needs ${name} as an array of labels (numbers or strings: an Array, a typed array or another array-like). Got ${describe(a)} instead.`);
  }
  if (src.length === 0) throw new LinclassError(code, `${owner}: ${name} is empty: at least one label is needed.`);
  const at = (i: number, v: unknown): string => (option ? `The '${name}' option of ${owner} has ${describe(v)} at [${i}]` : `${owner}: ${name}[${i}] is ${describe(v)}`);
  const out: Label[] = new Array(src.length);
  let kind: 'number' | 'string' | null = null;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    const k = typeof v === 'number' && Number.isFinite(v) ? 'number' : typeof v === 'string' ? 'string' : null;
    if (k === null) throw new LinclassError(code, `${at(i, v)}: labels must be finite numbers or strings.`);
    if (kind !== null && k !== kind) {
      throw new LinclassError(code, `${at(i, v)} but the labels before it are ${kind}s: labels must be all numbers or all strings.`);
    }
    kind = k;
    out[i] = v as Label;
  }
  return out;
}

/** Throws unless two label lists are both numbers or both strings (when both are non-empty). */
export function sameKind(owner: string, a: readonly Label[], aName: string, b: readonly Label[], bName: string): void {
  if (a.length && b.length && typeof a[0] !== typeof b[0]) {
    throw new LinclassError('INVALID_DATA',
      `${owner}: ${aName} holds ${typeof a[0]}s but ${bName} holds ${typeof b[0]}s: labels must be all numbers or all strings.`);
  }
}

/** Code-point order (numpy's order for unicode strings), not UTF-16 code units. */
function compareStrings(a: string, b: string): number {
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Numbers ascending, strings by code point: numpy's sort of the labels. */
export function compareLabels(a: Label, b: Label): number {
  return typeof a === 'number' ? a - (b as number) : compareStrings(a, b as string);
}

/** The sorted distinct labels of the given lists (numpy's unique of their union). */
export function sortedUnion(...lists: readonly Label[][]): Label[] {
  const seen = new Set<Label>();
  for (const l of lists) for (const v of l) seen.add(v);
  return [...seen].sort(compareLabels);
}

/** label → position in `labels`. Throws LinclassError('INVALID_OPTION') naming a label given twice. */
export function indexOf(owner: string, name: string, labels: readonly Label[]): Map<Label, number> {
  const at = new Map<Label, number>();
  labels.forEach((l, i) => {
    if (at.has(l)) {
      throw new LinclassError('INVALID_OPTION', `The '${name}' option of ${owner} lists ${describe(l)} twice (at ${at.get(l)} and ${i}): each label once.`);
    }
    at.set(l, i);
  });
  return at;
}
