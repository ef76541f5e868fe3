// Declarative option validation: one rule per option, one message template.
//   "The 'reg' option of LinearClassifier must be a number in [0, Infinity). Got -1 instead."
// `owner` is always the public function the user called.
import { LinclassError } from './errors.js';

type Common = { default?: unknown; optional?: boolean };
export type Rule = Common & (
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'number'; min: number; max: number; minOpen?: boolean; maxOpen?: boolean; integer?: boolean }
  | { kind: 'boolean' }
  | { kind: 'function' }
  /** The first rule a value meets; the message lists them joined by 'or'. */
  | { kind: 'either'; rules: readonly Rule[] }
  /** A non-empty array of finite numbers above `min` (at or above, unless minOpen). */
  | { kind: 'list'; min: number; minOpen?: boolean }
  /** A nested options object, checked against its own table (its messages name `owner's name`). */
  | { kind: 'object'; table: Table }
  /** An object whose `tag` field picks its table of further fields (a schedule: { type: 'step', every, factor }). */
  | { kind: 'variant'; tag: string; noun: string; tables: Record<string, Table> }
  | { kind: 'any' }
);

export type Table = Record<string, Rule>;

/** A value as a message shows it: strings quoted, arrays and objects named. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v == null) return String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `${article(v.constructor.name)} of length ${(v as unknown as ArrayLike<unknown>).length}`;
  if (typeof v === 'function') return 'a function';
  return article((v as object).constructor?.name ?? 'object');
}

function article(name: string): string {
  return `${/^[AEIOUaeiou]/.test(name) ? 'an' : 'a'} ${name}`;
}

function range(r: Extract<Rule, { kind: 'number' }>): string {
  const lo = r.min === -Infinity ? '(-Infinity' : `${r.minOpen ? '(' : '['}${r.min}`;
  const hi = `${r.max}${r.maxOpen ? ')' : ']'}`;
  return `${r.integer ? 'an integer' : 'a number'} in ${lo}, ${hi}`;
}

/** What a rule allows, as the message says it. */
export function allowed(rule: Rule): string {
  switch (rule.kind) {
    case 'enum': return rule.values.length === 1 ? `'${rule.values[0]}'` : `one of ${rule.values.map((v) => `'${v}'`).join(', ')}`;
    case 'number': return range(rule);
    case 'boolean': return 'true or false';
    case 'function': return 'a function';
    case 'either': return rule.rules.map(allowed).join(' or ');
    case 'list': return `a non-empty array of finite numbers ${rule.minOpen ? '>' : '≥'} ${rule.min}`;
    case 'object': return 'an object';
    case 'variant': return `an object whose '${rule.tag}' is one of ${Object.keys(rule.tables).map((t) => `'${t}'`).join(', ')}`;
    case 'any': return 'any value';
  }
}

/** True when v meets the rule (what validateOptions checks each option with). */
export function meets(rule: Rule, v: unknown): boolean {
  switch (rule.kind) {
    case 'enum': return typeof v === 'string' && rule.values.includes(v);
    case 'boolean': return typeof v === 'boolean';
    case 'function': return typeof v === 'function';
    case 'either': return rule.rules.some((r) => meets(r, v));
    case 'list':
      return Array.isArray(v) && v.length > 0 &&
        v.every((x) => typeof x === 'number' && Number.isFinite(x) && (rule.minOpen ? x > rule.min : x >= rule.min));
    case 'object': case 'variant': return isPlainObject(v);
    case 'any': return true;
    case 'number':
      return typeof v === 'number' && !Number.isNaN(v) &&
        (rule.minOpen ? v > rule.min : v >= rule.min) && (rule.maxOpen ? v < rule.max : v <= rule.max) &&
        (!rule.integer || Number.isInteger(v));
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** The message for an option that broke its rule. */
export function optionMessage(owner: string, name: string, rule: Rule, v: unknown): string {
  return `The '${name}' option of ${owner} must be ${allowed(rule)}. Got ${describe(v)} instead.`;
}

/** Checks a variant's tag and fields; returns it with the fields' defaults filled in. */
function checkVariant(owner: string, name: string, rule: Extract<Rule, { kind: 'variant' }>, v: unknown): Record<string, unknown> {
  const tag = isPlainObject(v) ? v[rule.tag] : undefined;
  if (!isPlainObject(v) || typeof tag !== 'string' || !Object.hasOwn(rule.tables, tag)) {
    throw new LinclassError('INVALID_OPTION',
      `The '${name}' option of ${owner} must be ${allowed(rule)}. Got ${describe(v)}${isPlainObject(v) ? ` with ${rule.tag} ${describe(tag)}` : ''} instead.`);
  }
  const table = rule.tables[tag];
  for (const key of Object.keys(v)) {
    if (key !== rule.tag && !Object.hasOwn(table, key)) {
      throw new LinclassError('INVALID_OPTION',
        `The '${tag}' ${rule.noun} has no field '${key}'. Its fields: ${[rule.tag, ...Object.keys(table)].join(', ')}.`);
    }
  }
  const out: Record<string, unknown> = { [rule.tag]: tag };
  for (const [key, r] of Object.entries(table)) {
    const x = v[key] === undefined ? r.default : v[key];
    if (!meets(r, x)) {
      throw new LinclassError('INVALID_OPTION', `The '${key}' of the '${tag}' ${rule.noun} must be ${allowed(r)}. Got ${describe(x)} instead.`);
    }
    out[key] = x;
  }
  return out;
}

/**
 * Checks `given` against `table` and returns a full options object with defaults
 * filled in. Throws LinclassError('INVALID_OPTION') for an unknown name, a value
 * that breaks its rule, or a missing option that has no default.
 */
export function validateOptions<T>(owner: string, table: Table, given: unknown): T {
  if (given === undefined) given = {};
  if (!isPlainObject(given)) {
    throw new LinclassError('INVALID_OPTION', `The options of ${owner} must be an object. Got ${describe(given)} instead.`);
  }
  for (const [key, v] of Object.entries(given)) {
    if (v !== undefined && !Object.hasOwn(table, key)) {
      throw new LinclassError('INVALID_OPTION',
        `${owner} has no option '${key}'. Allowed options: ${Object.keys(table).join(', ')}.`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(table)) {
    let v = given[name];
    if (v === undefined) v = rule.default;
    if (v === undefined && (rule.optional || rule.kind === 'any')) continue;
    if (rule.kind === 'variant') v = checkVariant(owner, name, rule, v);
    else if (rule.kind === 'object') v = validateOptions(`${owner}'s ${name}`, rule.table, v);
    else if (!meets(rule, v)) throw new LinclassError('INVALID_OPTION', optionMessage(owner, name, rule, v));
    out[name] = v;
  }
  return out as T;
}
