// Declarative option validation: one rule per option, one message template.
//   "The 'reg' option of LinearClassifier must be a number in [0, Infinity). Got -1 instead."
import { LinclassError } from './errors.js';

export type Rule =
  | { kind: 'enum'; values: readonly string[]; default?: string }
  | { kind: 'number'; min: number; max: number; minOpen?: boolean; maxOpen?: boolean; integer?: boolean; default?: number }
  | { kind: 'boolean'; default?: boolean }
  | { kind: 'any'; default?: unknown };

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
  const hi = r.max === Infinity ? 'Infinity)' : `${r.max}${r.maxOpen ? ')' : ']'}`;
  return `${r.integer ? 'an integer' : 'a number'} in ${lo}, ${hi}`;
}

/** What a rule allows, as the message says it. */
export function allowed(rule: Rule): string {
  switch (rule.kind) {
    case 'enum': return `one of ${rule.values.map((v) => `'${v}'`).join(', ')}`;
    case 'number': return range(rule);
    case 'boolean': return 'true or false';
    case 'any': return 'any value';
  }
}

function ok(rule: Rule, v: unknown): boolean {
  switch (rule.kind) {
    case 'enum': return typeof v === 'string' && rule.values.includes(v);
    case 'boolean': return typeof v === 'boolean';
    case 'any': return true;
    case 'number':
      return typeof v === 'number' && !Number.isNaN(v) &&
        (rule.minOpen ? v > rule.min : v >= rule.min) && (rule.maxOpen ? v < rule.max : v <= rule.max) &&
        (!rule.integer || Number.isInteger(v));
  }
}

/** The message for an option that broke its rule. */
export function optionMessage(owner: string, name: string, rule: Rule, v: unknown): string {
  return `The '${name}' option of ${owner} must be ${allowed(rule)}. Got ${describe(v)} instead.`;
}

/**
 * Checks `given` against `table` and returns a full options object with defaults
 * filled in. Throws LinclassError('INVALID_OPTION') for an unknown name, a value
 * that breaks its rule, or a missing option that has no default.
 */
export function validateOptions<T>(owner: string, table: Table, given: unknown): T {
  if (given === undefined) given = {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
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
    let v = (given as Record<string, unknown>)[name];
    if (v === undefined) v = rule.default;
    if (v === undefined && rule.kind === 'any') continue;
    if (!ok(rule, v)) throw new LinclassError('INVALID_OPTION', optionMessage(owner, name, rule, v));
    out[name] = v;
  }
  return out as T;
}
