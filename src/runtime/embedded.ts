// The embedded modules are the raw .wasm bytes in base64: no inflate step at
// init (a bundle is served gzip'd anyway, so gzip'ing them first saved nothing
// on the wire and cost ~120 ms of DecompressionStream on first use in Node).
// Decoded by the runtime's fastest path: Uint8Array.fromBase64 (current V8,
// JavaScriptCore, SpiderMonkey), Node's Buffer, or atob.

const U8 = Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array };
const NodeBuffer = (globalThis as unknown as { Buffer?: { from(s: string, enc: 'base64'): Uint8Array } }).Buffer;

export function decodeBase64(base64: string): Uint8Array {
  if (typeof U8.fromBase64 === 'function') return U8.fromBase64(base64);
  if (NodeBuffer !== undefined) return NodeBuffer.from(base64, 'base64');
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
