// The public surface of linclass, with the WebAssembly module embedded
// (the ESM, CJS and script-tag builds).
import { instantiateKernels, type WasmSource } from './wasm.js';
import { WASM_BASE64 } from './generated/wasm-base64.js';

export * from './api.js';

function embedded(): Uint8Array {
  const s = atob(WASM_BASE64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * Loads the WebAssembly module; call once (and await) before anything else.
 * With no argument it uses the module embedded in this file; it also accepts
 * the `.wasm` bytes, a `Response` from fetch, or a compiled `WebAssembly.Module`
 * (what edge runtimes hand you). Later calls resolve at once. Rejects with
 * LinclassError('NO_SIMD') where WebAssembly SIMD is missing.
 *
 * @example
 * await init();
 * const clf = new LinearClassifier({ numFeatures: 64, numClasses: 10 });
 */
export function init(source?: WasmSource): Promise<void> {
  return instantiateKernels(source ?? embedded());
}
