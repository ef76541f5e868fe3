// init(): its options checked by a table, then the module instantiated, with
// the threads build where the runtime allows it. The entry points (index.ts for
// Node, browser.ts, script.ts) call initialize with their embedded modules and
// the platform their workers come from.
import { LinclassError } from '../base/errors.js';
import { validateOptions, type Table } from '../base/validate.js';
import { decodeBase64 } from './embedded.js';
import { instantiateKernels, type WasmSource } from './module.js';
import type { Platform } from './workers.js';

export interface InitOptions {
  /**
   * Threads that share each large step: a count ≥ 1, or 'auto' (the default:
   * every available core). They are used in Node, and in browsers on
   * cross-origin-isolated pages; elsewhere, and when a module is passed to
   * init(), one thread runs everything, with the same results bit for bit.
   */
  threads?: number | 'auto';
  /**
   * Which calls the threads share. 'auto' (the default): per call, from timings
   * of calls of its size, both ways, in this process (a call is shared only
   * where that was measured faster). A number: calls of at least that much work
   * (rows × features × classes) are shared; Infinity never shares one.
   */
  threadThreshold?: number | 'auto';
}

const OPTIONS: Table = {
  threads: { kind: 'either', rules: [{ kind: 'enum', values: ['auto'] }, { kind: 'number', min: 1, max: 256, integer: true }], default: 'auto' },
  threadThreshold: { kind: 'either', rules: [{ kind: 'enum', values: ['auto'] }, { kind: 'number', min: 0, max: Infinity }], default: 'auto' },
};

/** The embedded modules, base64 of their bytes; `threads` absent where only one thread can run. */
export interface Embedded {
  plain: string;
  threads?: string;
}

function isOptions(x: unknown): x is InitOptions {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

/** init(source?, options?) for an entry point with the given embedded modules, its workers coming from the platform. */
export async function initialize(embedded: Embedded, platform: Platform, source?: WasmSource | InitOptions, options: InitOptions = {}): Promise<void> {
  if (isOptions(source)) {
    options = source;
    source = undefined;
  }
  const o = validateOptions<Required<InitOptions>>('init', OPTIONS, options);
  if (source !== undefined) return instantiateKernels(source as WasmSource);
  const plain = () => decodeBase64(embedded.plain);
  const threadsB64 = embedded.threads;
  if (threadsB64 === undefined) return instantiateKernels(plain);
  if (o.threads === 1) return instantiateKernels(plain, { bytes: plain, threads: 1, threshold: o.threadThreshold, platform, unavailable: null });
  const prepared = await platform.prepare();
  const threads = o.threads !== 'auto' ? o.threads : 'cores' in prepared ? prepared.cores : 1;
  let unavailable = 'reason' in prepared ? prepared.reason : null;
  if (unavailable === null && threads === 1) unavailable = 'the runtime reports one core';
  return instantiateKernels(plain, { bytes: () => decodeBase64(threadsB64), threads, threshold: o.threadThreshold, platform, unavailable });
}

/** The edge entry's init: no module is embedded there, so one must be given. */
export function initWithModule(source: WasmSource): Promise<void> {
  if (source == null) {
    return Promise.reject(new LinclassError('INVALID_ARGUMENT',
      "The edge build of linclass has no embedded module: pass the compiled one, e.g. import wasm from 'linclass/linclass.wasm'; await init(wasm)."));
  }
  return instantiateKernels(source);
}
