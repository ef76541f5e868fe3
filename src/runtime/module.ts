// The only module that touches the WebAssembly instance: it instantiates the
// plain or the threads build once, and hands out its exports as the typed
// kernel contract (kernels.ts). Everything else calls kernels() and passes
// numbers: pointers (byte offsets), counts, scalars.
import { LinclassError } from '../base/errors.js';
import { Pool, type ThreadInfo } from './pool.js';
import { Dispatcher } from './dispatch.js';
import type { Platform } from './workers.js';
import type { Kernels } from './kernels.js';

/** What init() accepts: the module's bytes, a compiled module, or a fetch Response (or a promise of one). */
export type WasmSource = BufferSource | WebAssembly.Module | Response | PromiseLike<Response>;

// (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

let active: Kernels | null = null;
/** Counts module lifetimes: a new instance, or shutdown(), starts the next; memory of an earlier one is gone. */
let generation = 0;
let pending: Promise<void> | null = null;
let activePool: Pool | null = null;
let info: ThreadInfo = { mode: 'single', threads: 1, reason: 'init() has not been called' };
/** Work (rows × padded features × classes) from which a call is shared, or 'auto': the dispatcher decides per call. */
let threshold: number | 'auto' = 'auto';
let activeDispatcher: Dispatcher | null = null;
/** Where the dispatcher first tries threads before it has timings (then it goes by them). */
const PRIOR_WORK = 2 ** 20;

/** How init() should use threads: the threads build's bytes, the thread count wanted, and where workers come from. */
export interface ThreadPlan {
  bytes: () => Uint8Array;
  threads: number;
  threshold: number | 'auto';
  platform: Platform;
  /** Why threads cannot run here (the platform said so), when they cannot. */
  unavailable: string | null;
}

/** True when this runtime's WebAssembly has the fixed-width SIMD proposal. */
export function simdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

/**
 * Instantiates the module once; later calls resolve to the same instance. The
 * source may be a function giving it, called only when it is the one used.
 * With a plan for threads, the threads build runs on the calling thread at
 * once and its workers start later (Pool.ready).
 */
export function instantiateKernels(source: WasmSource | (() => WasmSource), plan?: ThreadPlan): Promise<void> {
  if (pending) return pending;
  pending = (async () => {
    if (!simdSupported()) {
      throw new LinclassError('NO_SIMD',
        'This runtime\'s WebAssembly lacks the SIMD feature (128-bit fixed-width SIMD) that linclass needs; use a current Node, Chrome, Firefox, Safari 16.4+ or Deno.');
    }
    if (plan && plan.threads > 1 && plan.unavailable === null) {
      try {
        await startThreaded(plan);
        return;
      } catch (e) {
        info = { mode: 'single', threads: 1, reason: `the threads build did not load (${(e as Error).message})` };
      }
    } else if (plan) {
      info = { mode: 'single', threads: 1, reason: plan.unavailable ?? 'one thread was asked for' };
    } else {
      info = { mode: 'single', threads: 1, reason: 'a module was passed to init(); threads use the embedded threads build' };
    }
    const { exports } = await instantiate(typeof source === 'function' ? source() : source);
    active = exports as unknown as Kernels;
    generation++;
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
  // Bytes and modules are not looked at as a Response: in Node the first touch
  // of the global Response loads its fetch implementation (~100 ms at start).
  const bytes = src instanceof WebAssembly.Module || src instanceof ArrayBuffer || ArrayBuffer.isView(src);
  if (!bytes && typeof Response === 'function' && src instanceof Response) src = await src.arrayBuffer();
  const module = src instanceof WebAssembly.Module ? src : await WebAssembly.compile(src as BufferSource);
  const instance = await WebAssembly.instantiate(module, imports);
  memory ??= instance.exports.memory as WebAssembly.Memory;
  return { exports: instance.exports as Record<string, unknown> };
}

/** The threads build on one shared memory, with its worker pool (whose workers start on the first large call). */
async function startThreaded(plan: ThreadPlan): Promise<void> {
  const module = await WebAssembly.compile(plan.bytes() as BufferSource);
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
  const { exports } = await instantiate(module, { memory });
  const k = exports as unknown as Kernels;
  const pool = new Pool(k, module, memory, plan.threads, plan.platform, (reason) => {
    if (activePool !== pool) return;
    activePool = null;
    info = { mode: 'single', threads: 1, reason };
  });
  activePool = pool;
  active = k;
  generation++;
  threshold = plan.threshold;
  activeDispatcher = threshold === 'auto' ? new Dispatcher(PRIOR_WORK) : null;
  info = { mode: 'threads', threads: plan.threads };
}

/**
 * The worker pool, when init() started one and the call may be worth sharing
 * (work = rows × padded features × classes): at or above a fixed threshold, or
 * with 'auto', unless calls of its size were measured faster on one thread.
 */
export function poolFor(work: number): Pool | null {
  if (activePool === null) return null;
  const share = activeDispatcher !== null ? activeDispatcher.mayShare(work) : work >= (threshold as number);
  // The first call worth sharing starts the workers; until they are up, calls run here.
  return share && activePool.ready() ? activePool : null;
}

/** The worker pool itself, when init() started one (for tuning and reports). */
export function activeWorkerPool(): Pool | null {
  return activePool;
}

/** The per-call chooser between threads and one thread ('auto'), or null with a fixed threshold or no pool. */
export function dispatcher(): Dispatcher | null {
  return activePool === null ? null : activeDispatcher;
}

/** Which mode init() chose: threads (how many) or a single thread (and why). */
export function threadInfo(): ThreadInfo {
  return info.mode === 'threads' ? { ...info, ready: activePool?.isReady ?? false } : { ...info };
}

/**
 * Stops the worker threads and forgets the module: the next init() starts
 * afresh. Classifiers and datasets made before are unusable afterwards (their
 * methods say so; dispose() and their finalizers do nothing).
 */
export function shutdown(): void {
  activePool?.stop();
  activePool = null;
  activeDispatcher = null;
  active = null;
  generation++;
  pending = null;
  info = { mode: 'single', threads: 1, reason: 'shut down' };
}

/** The current module's lifetime: buffers remember the one they were allocated in. */
export function moduleGeneration(): number {
  return generation;
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
