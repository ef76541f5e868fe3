// The update rules by name.
import type { Optimizer, OptimizerOptions } from './optimizer.js';
import { Sgd } from './sgd.js';
import { Momentum } from './momentum.js';
import { Nesterov } from './nesterov.js';
import { Adagrad } from './adagrad.js';
import { RmsProp } from './rmsprop.js';
import { Adam } from './adam.js';

export type { Optimizer, OptimizerOptions } from './optimizer.js';

export const OPTIMIZERS = {
  sgd: (count: number) => new Sgd(count),
  momentum: (count: number, o: OptimizerOptions) => new Momentum(count, o),
  nesterov: (count: number, o: OptimizerOptions) => new Nesterov(count, o),
  adagrad: (count: number, o: OptimizerOptions) => new Adagrad(count, o),
  rmsprop: (count: number, o: OptimizerOptions) => new RmsProp(count, o),
  adam: (count: number, o: OptimizerOptions) => new Adam(count, o),
} satisfies Record<string, (count: number, o: OptimizerOptions) => Optimizer>;

export type OptimizerName = keyof typeof OPTIMIZERS;
