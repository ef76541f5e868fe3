// Small-integer enums passed to the kernels. Twin: assembly/enums.ts — keep in sync.

export const LOSS = { svm: 0, softmax: 1 } as const;
export const PENALTY = { none: 0, l2: 1, l1: 2, elasticnet: 3 } as const;

export type LossName = keyof typeof LOSS;
export type PenaltyName = keyof typeof PENALTY;
