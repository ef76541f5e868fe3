// The edge entry (Cloudflare workerd, Vercel Edge, Deno Deploy): no embedded
// module, because those runtimes refuse to compile WebAssembly from bytes at run
// time. Bind the .wasm file as a module and hand it to init().
import { instantiateKernels, type WasmSource } from './wasm.js';
import { LinclassError } from './errors.js';

export * from './api.js';

/**
 * Loads the WebAssembly module from a compiled `WebAssembly.Module` (how edge
 * runtimes import a `.wasm` file), or from bytes / a Response where the runtime
 * allows compiling them.
 *
 * @example
 * import wasm from 'linclass/linclass.wasm';
 * await init(wasm);
 */
export function init(source: WasmSource): Promise<void> {
  if (source == null) {
    return Promise.reject(new LinclassError('INVALID_ARGUMENT',
      "The edge build of linclass has no embedded module: pass the compiled one, e.g. import wasm from 'linclass/linclass.wasm'; await init(wasm)."));
  }
  return instantiateKernels(source);
}
