// The host/wasm kernel contract: the only place on the host side where the
// module's export names are written. The other side is assembly/release.ts (the
// shipped release and threads builds) and assembly/index.ts (the debug build),
// whose header states the convention every signature below follows:
//   sizes (element counts; a row range r0, r1 first), then inputs, outputs and
//   scratch (byte offsets into the module's memory), then scalars, the enum
//   selectors (loss, penalty, kind) first among them.
// tests/kernels.test.ts checks the built modules against KERNEL_EXPORTS,
// DEBUG_EXPORTS and ARITY. Argument names are those of the AssemblyScript source.
// This file imports nothing, so anything may import it.

/** Loss selectors passed to the kernels. Twin: assembly/enums.ts (LOSS_*) — keep in sync. */
export const LOSS = { svm: 0, softmax: 1, ova: 2, structured: 3 } as const;
/** Penalty selectors passed to the kernels. Twin: assembly/enums.ts (PENALTY_*) — keep in sync. */
export const PENALTY = { none: 0, l2: 1, l1: 2, elasticnet: 3 } as const;

export type LossName = keyof typeof LOSS;
export type PenaltyName = keyof typeof PENALTY;

/** The exports of the shipped modules (build/linclass.wasm and build/linclass.threads.wasm). */
export interface Kernels {
  /** The module's memory (the threads build imports a shared one and exports it back). */
  memory: WebAssembly.Memory;

  // ---- kernels ----
  /** Index of the first NaN or ±Infinity among count f32 at ptr, or -1. */
  first_nonfinite_simd(count: number, ptr: number): number;
  /** S (n×C) = X[idx]·Wᵀ + b; P is n×C·4 f32 of scratch. Dp % 4 == 0. */
  scores_nt_simd(n: number, Dp: number, C: number, X: number, idx: number, W: number, b: number, S: number, P: number): void;
  /** Each row of S (n×C scores) becomes its softmax probabilities. */
  softmax_probs_simd(n: number, C: number, S: number): void;
  /** Returns λR(W) over count weights and adds ∂λR/∂W into dW (dW = 0: loss only). */
  penalty_simd(count: number, W: number, dW: number, kind: number, lambda: number, beta: number): number;
  /** Fused loss and gradient of a batch: returns (1/n)Σ L_i + λR(W) (weights w ≠ 0: Σ w_i·L_i / Σ w_i + λR(W)), overwrites dW and db. */
  step_simd(n: number, Dp: number, C: number, X: number, idx: number, y: number, w: number, W: number, b: number,
    dW: number, db: number, S: number, part: number, loss: number, penalty: number, delta: number, lambda: number, beta: number): number;
  /** Rows r0 … r1 − 1 of a step: returns their Σ w_i·L_i, overwrites dW and db with their share of the gradient, (1/norm)·Σ w_i·∂L_i. */
  step_block_simd(r0: number, r1: number, Dp: number, C: number, X: number, idx: number, y: number, w: number,
    W: number, b: number, dW: number, db: number, S: number, loss: number, delta: number, norm: number): number;
  /** Σ_i w[idx[i]] over n rows (f64, row order): the normaliser of a weighted step. */
  weight_sum(n: number, idx: number, w: number): number;
  /** dst += src over count f32 (count % 4 == 0). */
  add_simd(count: number, src: number, dst: number): void;
  /** dst += src over count f32 (any count). */
  add_scalar(count: number, src: number, dst: number): void;
  /** Predictions (pred ≠ 0), correct count (y, correct ≠ 0) and Σ L_i (y ≠ 0, else 0) of n rows. */
  evaluate_simd(n: number, Dp: number, C: number, X: number, idx: number, y: number, w: number, W: number, b: number,
    pred: number, correct: number, S: number, loss: number, delta: number): number;
  /** evaluate_simd over rows r0 … r1 − 1 (pred indexed by row). */
  evaluate_block_simd(r0: number, r1: number, Dp: number, C: number, X: number, idx: number, y: number, w: number, W: number, b: number,
    pred: number, correct: number, S: number, loss: number, delta: number): number;
  /** out[k] (f64) = the objective at W + A[k]·W1 + B[k]·W2 for k < points (W2 = B = 0: 1-D). */
  landscape_simd(n: number, Dp: number, C: number, points: number, X: number, idx: number, y: number, W: number, b: number,
    W1: number, W2: number, A: number, B: number, out: number, Wt: number, S: number,
    loss: number, penalty: number, delta: number, lambda: number, beta: number): void;
  /** (1/n)Σ L_i in f64 for f64 W and b; writes λR(W) to *reg (f64). S is C f64 of scratch. */
  objective_f64_scalar(n: number, Dp: number, C: number, X: number, idx: number, y: number, W: number, b: number,
    reg: number, S: number, loss: number, penalty: number, delta: number, lambda: number, beta: number): number;
  /** out[k] (f32) = scale·N(0, 1) from the uint32 pair bits[2k], bits[2k + 1]. */
  randn_fill(count: number, bits: number, out: number, scale: number): void;
  sgd_simd(count: number, x: number, g: number, lr: number): void;
  momentum_simd(count: number, x: number, g: number, v: number, lr: number, mu: number): void;
  nesterov_simd(count: number, x: number, g: number, v: number, lr: number, mu: number): void;
  adagrad_simd(count: number, x: number, g: number, cache: number, lr: number, eps: number): void;
  rmsprop_simd(count: number, x: number, g: number, cache: number, lr: number, rho: number, eps: number): void;
  adam_simd(count: number, x: number, g: number, m: number, v: number, lr: number, beta1: number, beta2: number, eps: number, t: number): void;

  // ---- layout ----
  /** Rows per parallel block of a step or an evaluation (i32 global; read .value). */
  BLOCK_ROWS: WebAssembly.Global;
  /** The most blocks a step or an evaluation is split into (i32 global; read .value). */
  MAX_BLOCKS: WebAssembly.Global;
  /** Blocks of a step of n rows: min(MAX_BLOCKS, ⌈n / BLOCK_ROWS⌉). */
  step_blocks(n: number): number;
  /** First row of block k of K over n rows. */
  block_start(k: number, K: number, n: number): number;
  /** f32 of scratch S that step, evaluate and landscape need for C classes. */
  scratch_floats(C: number): number;

  // ---- runtime helpers ----
  /** bytes zero-filled, 16-byte aligned; returns the byte offset. */
  alloc(bytes: number): number;
  free(ptr: number): void;
  /** Linear-memory size in bytes. */
  memory_bytes(): number;
}

/** The debug build's exports (build/linclass.debug.wasm): the shipped ones, the scalar twins and the per-piece kernels. */
export interface DebugKernels extends Kernels {
  first_nonfinite_scalar(count: number, ptr: number): number;
  scores_nt_scalar(n: number, Dp: number, C: number, X: number, idx: number, W: number, b: number, S: number): void;
  /** dW += dSᵀ·X[idx], db += Σ_i dS_i (accumulates); dS is the n×C score gradient. */
  grad_tn_simd(n: number, Dp: number, C: number, X: number, idx: number, dS: number, dW: number, db: number, R: number): void;
  grad_tn_scalar(n: number, Dp: number, C: number, X: number, idx: number, dS: number, dW: number, db: number): void;
  /** Returns Σ L_i over n rows of S; S becomes scale·dS. */
  softmax_rows_simd(n: number, C: number, idx: number, y: number, w: number, S: number, scale: number): number;
  softmax_rows_scalar(n: number, C: number, idx: number, y: number, w: number, S: number, scale: number): number;
  softmax_probs_scalar(n: number, C: number, S: number): void;
  /** Returns Σ L_i over n rows of S; S becomes scale·dS. */
  svm_rows_simd(n: number, C: number, idx: number, y: number, w: number, S: number, delta: number, scale: number): number;
  svm_rows_scalar(n: number, C: number, idx: number, y: number, w: number, S: number, delta: number, scale: number): number;
  /** One-vs-all hinge: returns Σ L_i over n rows of S; S becomes scale·dS. */
  ova_rows_simd(n: number, C: number, idx: number, y: number, w: number, S: number, delta: number, scale: number): number;
  ova_rows_scalar(n: number, C: number, idx: number, y: number, w: number, S: number, delta: number, scale: number): number;
  /** Structured (Crammer–Singer) hinge: returns Σ L_i over n rows of S; S becomes scale·dS. */
  structured_rows_simd(n: number, C: number, idx: number, y: number, w: number, S: number, delta: number, scale: number): number;
  structured_rows_scalar(n: number, C: number, idx: number, y: number, w: number, S: number, delta: number, scale: number): number;
  penalty_scalar(count: number, W: number, dW: number, kind: number, lambda: number, beta: number): number;
  step_scalar(n: number, Dp: number, C: number, X: number, idx: number, y: number, w: number, W: number, b: number,
    dW: number, db: number, S: number, part: number, loss: number, penalty: number, delta: number, lambda: number, beta: number): number;
  step_block_scalar(r0: number, r1: number, Dp: number, C: number, X: number, idx: number, y: number, w: number,
    W: number, b: number, dW: number, db: number, S: number, loss: number, delta: number, norm: number): number;
  evaluate_scalar(n: number, Dp: number, C: number, X: number, idx: number, y: number, w: number, W: number, b: number,
    pred: number, correct: number, S: number, loss: number, delta: number): number;
  evaluate_block_scalar(r0: number, r1: number, Dp: number, C: number, X: number, idx: number, y: number, w: number, W: number, b: number,
    pred: number, correct: number, S: number, loss: number, delta: number): number;
  landscape_scalar(n: number, Dp: number, C: number, points: number, X: number, idx: number, y: number, W: number, b: number,
    W1: number, W2: number, A: number, B: number, out: number, Wt: number, S: number,
    loss: number, penalty: number, delta: number, lambda: number, beta: number): void;
  sgd_scalar(count: number, x: number, g: number, lr: number): void;
  momentum_scalar(count: number, x: number, g: number, v: number, lr: number, mu: number): void;
  nesterov_scalar(count: number, x: number, g: number, v: number, lr: number, mu: number): void;
  adagrad_scalar(count: number, x: number, g: number, cache: number, lr: number, eps: number): void;
  rmsprop_scalar(count: number, x: number, g: number, cache: number, lr: number, rho: number, eps: number): void;
  adam_scalar(count: number, x: number, g: number, m: number, v: number, lr: number, beta1: number, beta2: number, eps: number, t: number): void;
}

/** Every export of the release and threads builds, by name. */
export const KERNEL_EXPORTS = [
  'memory',
  'first_nonfinite_simd', 'scores_nt_simd', 'softmax_probs_simd', 'penalty_simd',
  'step_simd', 'step_block_simd', 'weight_sum', 'add_simd', 'add_scalar', 'evaluate_simd', 'evaluate_block_simd',
  'landscape_simd', 'objective_f64_scalar', 'randn_fill',
  'sgd_simd', 'momentum_simd', 'nesterov_simd', 'adagrad_simd', 'rmsprop_simd', 'adam_simd',
  'BLOCK_ROWS', 'MAX_BLOCKS', 'step_blocks', 'block_start', 'scratch_floats',
  'alloc', 'free', 'memory_bytes',
] as const;

/** Every export of the debug build, by name. */
export const DEBUG_EXPORTS = [
  ...KERNEL_EXPORTS,
  'first_nonfinite_scalar', 'scores_nt_scalar', 'grad_tn_simd', 'grad_tn_scalar',
  'softmax_rows_simd', 'softmax_rows_scalar', 'softmax_probs_scalar', 'svm_rows_simd', 'svm_rows_scalar',
  'ova_rows_simd', 'ova_rows_scalar', 'structured_rows_simd', 'structured_rows_scalar',
  'penalty_scalar', 'step_scalar', 'step_block_scalar', 'evaluate_scalar', 'evaluate_block_scalar', 'landscape_scalar',
  'sgd_scalar', 'momentum_scalar', 'nesterov_scalar', 'adagrad_scalar', 'rmsprop_scalar', 'adam_scalar',
] as const;

type FunctionName<K> = { [N in keyof K]: K[N] extends (...args: never[]) => unknown ? N : never }[keyof K];
type Arities<K> = { readonly [N in FunctionName<K>]: K[N] extends (...args: infer P) => unknown ? P['length'] : never };

/**
 * The number of arguments of each function export (a WebAssembly function's
 * .length), checked by the compiler against the signatures above.
 */
export const ARITY = {
  first_nonfinite_simd: 2, scores_nt_simd: 9, softmax_probs_simd: 3, penalty_simd: 6,
  step_simd: 18, step_block_simd: 16, weight_sum: 3, add_simd: 3, add_scalar: 3, evaluate_simd: 14, evaluate_block_simd: 15,
  landscape_simd: 21, objective_f64_scalar: 15, randn_fill: 4,
  sgd_simd: 4, momentum_simd: 6, nesterov_simd: 6, adagrad_simd: 6, rmsprop_simd: 7, adam_simd: 10,
  step_blocks: 1, block_start: 3, scratch_floats: 1,
  alloc: 1, free: 1, memory_bytes: 0,
  first_nonfinite_scalar: 2, scores_nt_scalar: 8, grad_tn_simd: 9, grad_tn_scalar: 8,
  softmax_rows_simd: 7, softmax_rows_scalar: 7, softmax_probs_scalar: 3, svm_rows_simd: 8, svm_rows_scalar: 8,
  ova_rows_simd: 8, ova_rows_scalar: 8, structured_rows_simd: 8, structured_rows_scalar: 8,
  penalty_scalar: 6, step_scalar: 18, step_block_scalar: 16, evaluate_scalar: 14, evaluate_block_scalar: 15, landscape_scalar: 21,
  sgd_scalar: 4, momentum_scalar: 6, nesterov_scalar: 6, adagrad_scalar: 6, rmsprop_scalar: 7, adam_scalar: 10,
} as const satisfies Arities<DebugKernels>;

// Compile-time checks: each list holds exactly the keys of its interface. On a
// mismatch the error names the extra and the missing exports.
type ExactKeys<List, Keys> = [Exclude<List, Keys>, Exclude<Keys, List>] extends [never, never]
  ? true
  : { extra: Exclude<List, Keys>; missing: Exclude<Keys, List> };
const _kernelExports: ExactKeys<(typeof KERNEL_EXPORTS)[number], keyof Kernels> = true;
const _debugExports: ExactKeys<(typeof DEBUG_EXPORTS)[number], keyof DebugKernels> = true;
