// Small-integer enums shared with the host. Twin: src/enums.ts — keep in sync.

export const LOSS_SVM: i32 = 0;
export const LOSS_SOFTMAX: i32 = 1;

export const PENALTY_NONE: i32 = 0;
export const PENALTY_L2: i32 = 1;
export const PENALTY_L1: i32 = 2;
export const PENALTY_ELASTICNET: i32 = 3;
