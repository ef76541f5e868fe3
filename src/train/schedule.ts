// Learning-rate schedules, counted in epochs (e = 0 for the first). Only
// multiplication and division, so every runtime gets the same bits.
import type { Rule } from '../base/validate.js';

export type Schedule =
  | { type: 'constant' }
  /** lr·factor^⌊e / every⌋: e.g. halve every 5 epochs. */
  | { type: 'step'; every: number; factor: number }
  /** lr·rate^e (= lr·e^(−k·e) with rate = e^(−k)). */
  | { type: 'exponential'; rate: number }
  /** lr / (1 + k·e). */
  | { type: 'inverse'; k: number };

const FRACTION: Rule = { kind: 'number', min: 0, max: 1, minOpen: true };

/** The 'schedule' option's rule: the type picks the fields. */
export const SCHEDULE: Rule = {
  kind: 'variant', tag: 'type', noun: 'schedule', default: { type: 'constant' },
  tables: {
    constant: {},
    step: { every: { kind: 'number', min: 1, max: Infinity, maxOpen: true, integer: true }, factor: FRACTION },
    exponential: { rate: FRACTION },
    inverse: { k: { kind: 'number', min: 0, max: Infinity, maxOpen: true } },
  },
};

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
