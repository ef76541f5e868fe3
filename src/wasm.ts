// The only module that touches the WebAssembly instance's exports. Everything
// else calls kernels() and passes numbers: pointers (byte offsets), counts, scalars.
import { LinclassError } from './errors.js';
import { Pool, threadsUnavailable, type ThreadInfo } from './threads.js';

/** The module's exports; names match assembly/index.ts one to one. */
export interface Kernels {
  memory: WebAssembly.Memory;
  STEP_ROWS: WebAssembly.Global;
  alloc(bytes: number): number;
  free(ptr: number): void;
  memory_bytes(): number;
  scratch_floats(C: number): number;
  forward_tiled_simd(m: number, Dp: number, C: number, X: number, idx: number, W: number, b: number, S: number, P: number): void;
  backward_tiled_simd(m: number, Dp: number, C: number, X: number, idx: number, G: number, dW: number, db: number): void;
  first_nonfinite_simd(count: number, ptr: number): number;
  first_nonfinite_scalar(count: number, ptr: number): number;
  scores_nt_scalar(n: number, Dp: number, C: number, X: number, idx: number, W: number, b: number, S: number): void;
  grad_tn_scalar(n: number, Dp: number, C: number, X: number, idx: number, G: number, dW: number, db: number): void;
  softmax_rows_simd(n: number, C: number, idx: number, y: number, S: number, scale: number): number;
  softmax_rows_scalar(n: number, C: number, idx: number, y: number, S: number, scale: number): number;
  softmax_probs_simd(n: number, C: number, S: number): void;
  softmax_probs_scalar(n: number, C: number, S: number): void;
  svm_rows_simd(n: number, C: number, idx: number, y: number, S: number, delta: number, scale: number): number;
  svm_rows_scalar(n: number, C: number, idx: number, y: number, S: number, delta: number, scale: number): number;
  penalty_simd(kind: number, count: number, W: number, dW: number, lambda: number, beta: number): number;
  penalty_scalar(kind: number, count: number, W: number, dW: number, lambda: number, beta: number): number;
  step_simd(loss: number, penalty: number, n: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, dW: number, db: number, G: number, delta: number, lambda: number, beta: number): number;
  step_scalar(loss: number, penalty: number, n: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, dW: number, db: number, G: number, delta: number, lambda: number, beta: number): number;
  step_blocks(n: number): number;
  block_start(k: number, K: number, n: number): number;
  step_block_simd(loss: number, r0: number, r1: number, n: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, dW: number, db: number, delta: number): number;
  add_simd(count: number, src: number, dst: number): void;
  add_scalar(count: number, src: number, dst: number): void;
  evaluate_block_simd(loss: number, r0: number, r1: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, pred: number, correct: number, delta: number): number;
  evaluate_simd(loss: number, n: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, pred: number, correct: number, delta: number): number;
  evaluate_scalar(loss: number, n: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, pred: number, correct: number, delta: number): number;
  randn_fill(count: number, bits: number, out: number, scale: number): void;
  landscape_simd(loss: number, penalty: number, n: number, Dp: number, C: number, count: number,
    X: number, idx: number, y: number, W: number, b: number, W1: number, W2: number, A: number, B: number,
    Wt: number, S: number, out: number, delta: number, lambda: number, beta: number): void;
  landscape_scalar(loss: number, penalty: number, n: number, Dp: number, C: number, count: number,
    X: number, idx: number, y: number, W: number, b: number, W1: number, W2: number, A: number, B: number,
    Wt: number, S: number, out: number, delta: number, lambda: number, beta: number): void;
  objective_f64_scalar(loss: number, penalty: number, n: number, Dp: number, C: number, X: number, idx: number, y: number,
    W: number, b: number, S: number, reg: number, delta: number, lambda: number, beta: number): number;
  sgd_simd(count: number, x: number, g: number, lr: number): void;
  sgd_scalar(count: number, x: number, g: number, lr: number): void;
  momentum_simd(count: number, x: number, g: number, v: number, lr: number, mu: number): void;
  momentum_scalar(count: number, x: number, g: number, v: number, lr: number, mu: number): void;
  nesterov_simd(count: number, x: number, g: number, v: number, lr: number, mu: number): void;
  nesterov_scalar(count: number, x: number, g: number, v: number, lr: number, mu: number): void;
  adagrad_simd(count: number, x: number, g: number, cache: number, lr: number, eps: number): void;
  adagrad_scalar(count: number, x: number, g: number, cache: number, lr: number, eps: number): void;
  rmsprop_simd(count: number, x: number, g: number, cache: number, lr: number, rho: number, eps: number): void;
  rmsprop_scalar(count: number, x: number, g: number, cache: number, lr: number, rho: number, eps: number): void;
  adam_simd(count: number, x: number, g: number, m: number, v: number, lr: number, beta1: number, beta2: number, eps: number, t: number): void;
  adam_scalar(count: number, x: number, g: number, m: number, v: number, lr: number, beta1: number, beta2: number, eps: number, t: number): void;
  axpy_simd(count: number, x: number, y: number, a: number): void;
  axpy_scalar(count: number, x: number, y: number, a: number): void;
}

/** What init() accepts: the module's bytes, a compiled module, or a fetch Response (or a promise of one). */
export type WasmSource = BufferSource | WebAssembly.Module | Response | PromiseLike<Response>;

// (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

let active: Kernels | null = null;
let pending: Promise<void> | null = null;
let activePool: Pool | null = null;
let info: ThreadInfo = { mode: 'single', threads: 1, reason: 'init() has not been called' };
/** Work (rows × padded features × classes) below which a call runs on one thread. */
let threshold = 1 << 20;

/** How init() should use threads: the threads build's bytes and the thread count wanted. */
export interface ThreadPlan {
  bytes: () => Promise<Uint8Array>;
  threads: number;
  threshold: number;
}

/** True when this runtime's WebAssembly has the fixed-width SIMD proposal. */
export function simdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

/** Instantiates the module once; later calls resolve to the same instance. */
export function instantiateKernels(source: WasmSource, plan?: ThreadPlan): Promise<void> {
  if (pending) return pending;
  pending = (async () => {
    if (!simdSupported()) {
      throw new LinclassError('NO_SIMD',
        'This runtime\'s WebAssembly lacks the SIMD feature (128-bit fixed-width SIMD) that linclass needs; use a current Node, Chrome, Firefox, Safari 16.4+ or Deno.');
    }
    if (plan && plan.threads > 1) {
      const why = threadsUnavailable();
      let failed = why;
      if (why === null) {
        try {
          await startThreaded(plan);
          return;
        } catch (e) {
          failed = `the worker threads did not start (${(e as Error).message})`;
        }
      }
      info = { mode: 'single', threads: 1, reason: failed! };
    } else {
      info = { mode: 'single', threads: 1, reason: plan ? 'one thread was asked for' : 'a module was passed to init(); threads use the embedded threads build' };
    }
    const { exports } = await instantiate(source);
    active = exports as unknown as Kernels;
  })();
  pending.catch(() => { pending = null; });
  return pending;
}

/**
 * Instantiates a module from bytes, a Response, or a compiled WebAssembly.Module.
 * The one import it needs besides memory is env.abort, whose AssemblyScript
 * message (UTF-16, its byte length stored 4 bytes before it) is decoded here.
 */
async function instantiate(source: WasmSource, env: Record<string, unknown> = {}): Promise<{ exports: Record<string, unknown> }> {
  let memory: WebAssembly.Memory | undefined = env.memory as WebAssembly.Memory | undefined;
  const text = (ptr: number): string => {
    if (!memory || !ptr) return '';
    const len = new Uint32Array(memory.buffer)[(ptr - 4) >>> 2] >>> 1;
    return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, len));
  };
  const abort = (msg: number, file: number, line: number, col: number) => {
    throw new Error(`linclass kernel aborted: ${text(msg)} (${text(file)}:${line}:${col})`);
  };
  const imports = { env: { ...env, abort } };
  let src: unknown = await source;
  if (typeof Response === 'function' && src instanceof Response) src = await src.arrayBuffer();
  const module = src instanceof WebAssembly.Module ? src : await WebAssembly.compile(src as BufferSource);
  const instance = await WebAssembly.instantiate(module, imports);
  memory ??= instance.exports.memory as WebAssembly.Memory;
  return { exports: instance.exports as Record<string, unknown> };
}

/** The threads build on one shared memory, with its worker pool. */
async function startThreaded(plan: ThreadPlan): Promise<void> {
  const module = await WebAssembly.compile((await plan.bytes()) as BufferSource);
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
  const { exports } = await instantiate(module, { memory });
  const k = exports as unknown as Kernels;
  activePool = await Pool.start(k, module, memory, plan.threads);
  active = k;
  threshold = plan.threshold;
  info = { mode: 'threads', threads: plan.threads };
}

/** The worker pool, when init() started one and the call is worth sharing (work = rows × padded features × classes). */
export function poolFor(work: number): Pool | null {
  return activePool !== null && work >= threshold ? activePool : null;
}

/** Which mode init() chose: threads (how many) or a single thread (and why). */
export function threadInfo(): ThreadInfo {
  return { ...info };
}

/**
 * Stops the worker threads and forgets the module: the next init() starts
 * afresh. Classifiers and datasets made before are unusable afterwards.
 */
export function shutdown(): void {
  activePool?.stop();
  activePool = null;
  active = null;
  pending = null;
  info = { mode: 'single', threads: 1, reason: 'shut down' };
}

/** The instantiated kernels; throws a sentence saying to call init() when there are none yet. */
export function kernels(): Kernels {
  if (active === null) {
    throw new LinclassError('NOT_INITIALIZED',
      'linclass is not initialized: call `await init()` once before creating a LinearClassifier or a Dataset.');
  }
  return active;
}

/** Bytes of WebAssembly memory in use by linclass (its size, grown on demand, never shrunk); 0 before init(). */
export function wasmMemoryBytes(): number {
  return active === null ? 0 : active.memory.buffer.byteLength;
}

/** True once init() has finished. */
export function isInitialized(): boolean {
  return active !== null;
}
