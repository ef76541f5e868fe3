// The public surface of linclass with both WebAssembly modules embedded: the
// plain build and the shared-memory threads build (the ESM and CJS builds).
import { instantiateKernels, type WasmSource } from './wasm.js';
import { availableCores } from './threads.js';
import { decodeEmbedded } from './embedded.js';
import { WASM_BASE64 } from './generated/wasm-base64.js';
import { WASM_THREADS_BASE64 } from './generated/wasm-threads-base64.js';
import { LinclassError } from './errors.js';
import { describe } from './validate.js';

export * from './api.js';
export { threadInfo, shutdown } from './wasm.js';
export type { ThreadInfo } from './threads.js';

export interface InitOptions {
  /**
   * Threads that share each large step: a count ≥ 1, or 'auto' (the default:
   * every available core). They are used in Node, and in browsers on
   * cross-origin-isolated pages; elsewhere, and when a module is passed to
   * init(), one thread runs everything, with the same results bit for bit.
   */
  threads?: number | 'auto';
  /** Work (rows × features × classes) below which a call runs on the calling thread alone. Default 2^20; Infinity never shares a call. */
  threadThreshold?: number;
}

function isOptions(x: unknown): x is InitOptions {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

/**
 * Loads the WebAssembly module; call once (and await) before anything else.
 * With no module it uses the ones embedded in this file (threads where the
 * runtime allows them); it also accepts the `.wasm` bytes, a `Response` from
 * fetch, or a compiled `WebAssembly.Module` (what edge runtimes hand you), then
 * on one thread. Later calls resolve at once. Rejects with
 * LinclassError('NO_SIMD') where WebAssembly SIMD is missing.
 *
 * @example
 * await init();                 // or init({ threads: 1 }), init(wasmBytes)
 * const clf = new LinearClassifier({ numFeatures: 64, numClasses: 10 });
 */
export async function init(source?: WasmSource | InitOptions, options: InitOptions = {}): Promise<void> {
  if (isOptions(source)) {
    options = source;
    source = undefined;
  }
  const { threads = 'auto', threadThreshold = 2 ** 20, ...rest } = options;
  const extra = Object.keys(rest);
  if (extra.length) throw new LinclassError('INVALID_OPTION', `init has no option '${extra[0]}'. Allowed options: threads, threadThreshold.`);
  if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1 && threads <= 256)) {
    throw new LinclassError('INVALID_OPTION', `The 'threads' option of init must be 'auto' or an integer in [1, 256]. Got ${describe(threads)} instead.`);
  }
  if (typeof threadThreshold !== 'number' || !(threadThreshold >= 0)) {
    throw new LinclassError('INVALID_OPTION', `The 'threadThreshold' option of init must be a number in [0, Infinity]. Got ${describe(threadThreshold)} instead.`);
  }
  if (source !== undefined) return instantiateKernels(source as WasmSource);
  const count = threads === 'auto' ? await availableCores() : threads;
  return instantiateKernels(await decodeEmbedded(WASM_BASE64), { bytes: () => decodeEmbedded(WASM_THREADS_BASE64), threads: count, threshold: threadThreshold });
}
