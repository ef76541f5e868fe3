// Parsers for option values: a number within a range, a comma-separated list.
// A value out of range is a usage error naming the allowed range.
import { InvalidArgumentError } from 'commander';
import { allowed, meets, type Rule } from '../base/validate.js';
import { SEED } from '../base/checks.js';

type NumberRule = Omit<Extract<Rule, { kind: 'number' }>, 'kind' | 'default'>;

function parse(text: string, rule: NumberRule): number {
  const v = text.trim() === '' ? NaN : Number(text);
  const r = { kind: 'number' as const, ...rule };
  if (!Number.isFinite(v) || !meets(r, v)) throw new InvalidArgumentError(`Expected ${allowed(r)}.`);
  return v;
}

/** A parser for one number in a range. */
export function num(rule: NumberRule): (text: string) => number {
  return (text) => parse(text, rule);
}

/** A parser for a comma-separated list of numbers, each in the range. */
export function numList(rule: NumberRule): (text: string) => number[] {
  return (text) => {
    const parts = text.split(',').map((s) => s.trim());
    try {
      return parts.map((p) => parse(p, rule));
    } catch {
      throw new InvalidArgumentError(`Expected a comma-separated list, each ${allowed({ kind: 'number', ...rule })}.`);
    }
  };
}

export const positive = num({ min: 0, max: Infinity, minOpen: true, maxOpen: true });
export const nonNegative = num({ min: 0, max: Infinity, maxOpen: true });
export const count = num({ min: 1, max: 1e9, integer: true });
export const seed = num(SEED as NumberRule);
export const fraction = num({ min: 0, max: 1, minOpen: true, maxOpen: true });
