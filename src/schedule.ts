// Learning-rate schedules, counted in epochs (e = 0 for the first). Only
// multiplication and division, so every runtime gets the same bits.
import { LinclassError } from './errors.js';
import { describe } from './validate.js';

export type Schedule =
  | { type: 'constant' }
  /** lr·factor^⌊e / every⌋: e.g. halve every 5 epochs. */
  | { type: 'step'; every: number; factor: number }
  /** lr·rate^e (= lr·e^(−k·e) with rate = e^(−k)). */
  | { type: 'exponential'; rate: number }
  /** lr / (1 + k·e). */
  | { type: 'inverse'; k: number };

const FIELDS: Record<string, Record<string, [string, (v: number) => boolean]>> = {
  constant: {},
  step: {
    every: ['an integer in [1, Infinity)', (v) => Number.isInteger(v) && v >= 1],
    factor: ['a number in (0, 1]', (v) => v > 0 && v <= 1],
  },
  exponential: { rate: ['a number in (0, 1]', (v) => v > 0 && v <= 1] },
  inverse: { k: ['a number in [0, Infinity)', (v) => v >= 0 && v < Infinity] },
};

/** Throws LinclassError('INVALID_OPTION') unless s is a schedule of the table above. */
export function checkSchedule(owner: string, s: unknown): Schedule {
  const types = Object.keys(FIELDS).map((t) => `'${t}'`).join(', ');
  if (typeof s !== 'object' || s === null || !Object.hasOwn(FIELDS, (s as { type: string }).type)) {
    throw new LinclassError('INVALID_OPTION',
      `The 'schedule' option of ${owner} must be an object whose 'type' is one of ${types}. Got ${describe(s)}${typeof s === 'object' && s !== null ? ` with type ${describe((s as { type: unknown }).type)}` : ''} instead.`);
  }
  const type = (s as { type: string }).type;
  const fields = FIELDS[type];
  for (const key of Object.keys(s)) {
    if (key !== 'type' && !Object.hasOwn(fields, key)) {
      throw new LinclassError('INVALID_OPTION',
        `The '${type}' schedule has no field '${key}'. Its fields: ${['type', ...Object.keys(fields)].join(', ')}.`);
    }
  }
  for (const [key, [range, ok]] of Object.entries(fields)) {
    const v = (s as Record<string, unknown>)[key];
    if (typeof v !== 'number' || !ok(v)) {
      throw new LinclassError('INVALID_OPTION', `The '${key}' of the '${type}' schedule must be ${range}. Got ${describe(v)} instead.`);
    }
  }
  return s as Schedule;
}

/** The learning rate for epoch e (0-based). */
export function learningRateAt(lr: number, s: Schedule, e: number): number {
  switch (s.type) {
    case 'constant': return lr;
    case 'step': return lr * power(s.factor, Math.floor(e / s.every));
    case 'exponential': return lr * power(s.rate, e);
    case 'inverse': return lr / (1 + s.k * e);
  }
}

/** x^n for an integer n ≥ 0 by repeated multiplication (not Math.pow). */
function power(x: number, n: number): number {
  let r = 1;
  for (let i = 0; i < n; i++) r *= x;
  return r;
}
