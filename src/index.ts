// The Node entry (ESM and CJS; also what Deno and Bun load): both modules
// embedded, workers from worker_threads. In a browser (a page importing
// dist/linclass.mjs directly) it uses module Workers instead; bundlers for the
// browser take browser.ts, which has no node: import at all.
import { initialize, type InitOptions } from './runtime/init.js';
import type { WasmSource } from './runtime/module.js';
import { isNode, nodePlatform } from './runtime/node.js';
import { webPlatform } from './runtime/web.js';
import { WASM_BASE64 } from './generated/wasm-base64.js';
import { WASM_THREADS_BASE64 } from './generated/wasm-threads-base64.js';

export * from './api.js';
export { threadInfo, shutdown } from './runtime/module.js';
export type { ThreadInfo } from './runtime/pool.js';
export type { InitOptions } from './runtime/init.js';

/**
 * Loads the WebAssembly module; call once (and await) before anything else.
 * With no module it uses the ones embedded in this file (threads where the
 * runtime allows them; the workers start on the first call large enough to
 * share); it also accepts the `.wasm` bytes, a `Response` from fetch, or a
 * compiled `WebAssembly.Module` (what edge runtimes hand you), then on one
 * thread. Later calls resolve at once. Rejects with LinclassError('NO_SIMD')
 * where WebAssembly SIMD is missing.
 *
 * @example
 * await init();                 // or init({ threads: 1 }), init(wasmBytes)
 * const clf = new LinearClassifier({ numFeatures: 64, numClasses: 10 });
 */
export function init(source?: WasmSource | InitOptions, options: InitOptions = {}): Promise<void> {
  return initialize({ plain: WASM_BASE64, threads: WASM_THREADS_BASE64 }, isNode ? nodePlatform : webPlatform, source, options);
}
