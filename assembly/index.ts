// The debug build's exports (build/linclass.debug.wasm), and what the specs
// import their kernels from: exports only. First everything the shipped builds
// export (release.ts: kernels, then layout, then the runtime helpers alloc, free
// and memory_bytes, each marked apart), then, in the second section below, the
// scalar twins and the per-piece kernels the specs call one by one. The host's
// side of this contract is src/runtime/kernels.ts (Kernels, DebugKernels).
//
// Convention for every kernel, written here once:
//
// Names: <op>[_<form>]_<isa>, isa simd or scalar. Twins share the op and form and
//   differ only in the suffix; the scalar twin is the reference its SIMD twin is
//   specified against (bit for bit, or within the tolerance its spec states).
//   Helpers without an ISA (scratch_floats, step_blocks, block_start, randn_fill,
//   alloc, free, memory_bytes) have no twin.
//
// Arguments, in this order:
//   1. sizes, as element counts: n rows, Dp padded features (a multiple of 4),
//      C classes, count elements, points; a row range r0, r1 (rows r0 … r1 − 1)
//      or a block k of K comes before the size it divides;
//   2. inputs, as byte offsets: X, idx, y, W, b, …; an array updated in place
//      counts as an input (an optimizer's x and its state, softmax_rows',
//      svm_rows', ova_rows' and structured_rows' S, grad_tn's dW and db, add's dst);
//   3. outputs, as byte offsets: dW, db, pred, correct, out, reg, …;
//   4. scratch, as byte offsets: S (scratch_floats(C) f32), part, P, Wt;
//   5. scalars: the enum selectors first (loss: LOSS_*, penalty or kind:
//      PENALTY_*, enums.ts; a value a kernel does not know traps), then the
//      numbers (delta, lambda, beta, lr, …).
// Pointers are byte offsets into the module's memory (16-byte aligned where a
// SIMD kernel loads vectors); a pointer of 0 means "absent" only where a kernel
// says so (evaluate's y, pred and correct; penalty's dW; landscape's W2 and B).
// Sizes are element counts, never bytes; alloc(bytes) is the one exception.

export * from "./release";

// ---- debug build only: scalar twins and per-piece kernels ------------------

export { first_nonfinite_scalar } from "./memory";
export { scores_nt_scalar, grad_tn_scalar } from "./gemm";
export { grad_tn_simd } from "./tile";
export { softmax_rows_simd, softmax_rows_scalar, softmax_probs_scalar } from "./softmax";
export { svm_rows_simd, svm_rows_scalar } from "./svm";
export { ova_rows_simd, ova_rows_scalar } from "./ova";
export { structured_rows_simd, structured_rows_scalar } from "./structured";
export { penalty_scalar } from "./penalty";
export { step_scalar, step_block_scalar } from "./step";
export { evaluate_scalar, evaluate_block_scalar } from "./eval";
export { landscape_scalar } from "./landscape";
export { sgd_scalar, momentum_scalar, nesterov_scalar, adagrad_scalar, rmsprop_scalar, adam_scalar } from "./optim";
