// Small-integer enums shared with the host. Twin: src/runtime/kernels.ts (LOSS,
// PENALTY) — keep in sync. A kernel traps (unreachable) on a value it does not
// know rather than run it as another; the checks run once per call, outside the
// loops.

export const LOSS_SVM: i32 = 0;
export const LOSS_SOFTMAX: i32 = 1;
export const LOSS_OVA: i32 = 2;
export const LOSS_STRUCTURED: i32 = 3;

export const PENALTY_NONE: i32 = 0;
export const PENALTY_L2: i32 = 1;
export const PENALTY_L1: i32 = 2;
export const PENALTY_ELASTICNET: i32 = 3;

/** Traps unless loss is one of LOSS_*. */
@inline export function checkLoss(loss: i32): void {
  if (loss != LOSS_SVM && loss != LOSS_SOFTMAX && loss != LOSS_OVA && loss != LOSS_STRUCTURED) unreachable();
}

/** Traps unless kind is one of PENALTY_* (PENALTY_NONE included). */
@inline export function checkPenalty(kind: i32): void {
  if (kind != PENALTY_NONE && kind != PENALTY_L2 && kind != PENALTY_L1 && kind != PENALTY_ELASTICNET) unreachable();
}
