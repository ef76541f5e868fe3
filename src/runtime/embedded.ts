// The embedded modules are stored gzip'd and base64-encoded (a third of the
// bytes of plain base64 after the bundle itself is gzip'd): decoded with atob
// and inflated with DecompressionStream, which every runtime with WebAssembly
// SIMD has (Node 18+, Chrome 80+, Firefox 113+, Safari 16.4+).
import { LinclassError } from '../base/errors.js';

export async function decodeEmbedded(base64: string): Promise<Uint8Array> {
  const bin = atob(base64);
  const gz = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) gz[i] = bin.charCodeAt(i);
  if (typeof DecompressionStream !== 'function') {
    throw new LinclassError('NOT_SUPPORTED',
      'This runtime lacks DecompressionStream, which unpacks the embedded module; pass the .wasm file to init() instead (init(await fetch(url))).');
  }
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
