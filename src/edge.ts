// The edge entry (Cloudflare workerd, Vercel Edge, Deno Deploy): no embedded
// module, because those runtimes refuse to compile WebAssembly from bytes at run
// time. Bind the .wasm file as a module and hand it to init().
import { initWithModule } from './runtime/init.js';
import type { WasmSource } from './runtime/module.js';

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
  return initWithModule(source);
}
