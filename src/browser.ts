// The browser entry (package.json's "browser" and "default" conditions, what
// bundlers pick): both modules embedded, threads from module Workers on
// cross-origin-isolated pages, and no node: import anywhere, so esbuild,
// webpack, Vite, Rollup and Parcel bundle it with no configuration.
import { initialize, type InitOptions } from './runtime/init.js';
import type { WasmSource } from './runtime/module.js';
import { webPlatform } from './runtime/web.js';
import { WASM_BASE64 } from './generated/wasm-base64.js';
import { WASM_THREADS_BASE64 } from './generated/wasm-threads-base64.js';

export * from './api.js';
export { threadInfo, shutdown } from './runtime/module.js';
export type { ThreadInfo } from './runtime/pool.js';
export type { InitOptions } from './runtime/init.js';

/**
 * Loads the WebAssembly module; call once (and await) before anything else.
 * With no module it uses the ones embedded in this file (threads on
 * cross-origin-isolated pages, when the bundler has emitted
 * linclass.worker.mjs; threadInfo() says why not otherwise); it also accepts
 * the `.wasm` bytes, a `Response` from fetch, or a compiled
 * `WebAssembly.Module`, then on one thread.
 *
 * @example
 * await init();                 // or init({ threads: 1 }), init(await fetch(wasmUrl))
 */
export function init(source?: WasmSource | InitOptions, options: InitOptions = {}): Promise<void> {
  return initialize({ plain: WASM_BASE64, threads: WASM_THREADS_BASE64 }, webPlatform, source, options);
}
