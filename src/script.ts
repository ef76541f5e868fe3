// The script-tag build (global `linclass`): the plain module embedded, one
// thread (a classic script cannot start the module workers the threads build uses).
import { initialize } from './runtime/init.js';
import type { WasmSource } from './runtime/module.js';
import { singleThreaded } from './runtime/workers.js';
import { WASM_BASE64 } from './generated/wasm-base64.js';

export * from './api.js';
export { threadInfo } from './runtime/module.js';

/**
 * Loads the WebAssembly module; call once (and await) before anything else.
 * With no argument it uses the module embedded in this file; it also accepts
 * the `.wasm` bytes, a `Response` from fetch, or a compiled `WebAssembly.Module`.
 */
export function init(source?: WasmSource): Promise<void> {
  return initialize({ plain: WASM_BASE64 }, singleThreaded('the script-tag build runs on one thread'), source);
}
