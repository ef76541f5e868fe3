// The script-tag build (global `linclass`): the plain module embedded, one
// thread (a classic script cannot start the module workers the threads build uses).
import { instantiateKernels, type WasmSource } from './wasm.js';
import { decodeEmbedded } from './embedded.js';
import { WASM_BASE64 } from './generated/wasm-base64.js';

export * from './api.js';
export { threadInfo } from './wasm.js';

/**
 * Loads the WebAssembly module; call once (and await) before anything else.
 * With no argument it uses the module embedded in this file; it also accepts
 * the `.wasm` bytes, a `Response` from fetch, or a compiled `WebAssembly.Module`.
 */
export async function init(source?: WasmSource): Promise<void> {
  return instantiateKernels(source ?? (await decodeEmbedded(WASM_BASE64)));
}
