// Byte sources for the readers: whole buffers or ReadableStreams (fetch bodies,
// Blob.stream(), Node's Readable.toWeb), read chunk by chunk; gzip is inflated
// on the fly with the platform's DecompressionStream (Node 18+, browsers, edge).
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';

/** What the readers accept: bytes, or a stream of byte chunks. */
export type ByteSource = Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>;

/** The chunks of a source, in order. */
export async function* chunksOf(source: ByteSource, what = 'the data'): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (source instanceof ArrayBuffer) {
    yield new Uint8Array(source);
    return;
  }
  if (typeof source !== 'object' || source === null || typeof (source as ReadableStream).getReader !== 'function') {
    throw new LinclassError('INVALID_ARGUMENT', `${what[0].toUpperCase()}${what.slice(1)} must be a Uint8Array, an ArrayBuffer or a ReadableStream of bytes. Got ${describe(source)} instead.`);
  }
  const reader = source.getReader();
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      if (value.length > 0) yield value;
    }
  } finally {
    // a consumer that stops early (or fails) cancels the source, which closes it
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** True for the gzip magic bytes 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The source's bytes, inflated on the fly when they start with the gzip magic. */
export async function* inflatedChunks(source: ByteSource, what = 'the data'): AsyncGenerator<Uint8Array> {
  const raw = chunksOf(source, what);
  const head: Uint8Array[] = [];
  let got = 0;
  while (got < 2) {
    const next = await raw.next();
    if (next.done) break;
    head.push(next.value);
    got += next.value.length;
  }
  if (!isGzip(head.length === 1 ? head[0] : concat(head, got))) {
    yield* head;
    yield* raw;
    return;
  }
  const compressed = new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      const chunk = head.shift() ?? (await raw.next()).value;
      if (chunk) ctrl.enqueue(chunk);
      else ctrl.close();
    },
    async cancel() {
      await raw.return(undefined);
    },
  });
  const reader = compressed.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>).getReader();
  let finished = false;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (e) {
        finished = true;
        throw new LinclassError('INVALID_DATA', `The gzip data of ${what} could not be inflated: ${(e as Error).message}.`);
      }
      if (step.done) {
        finished = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
  }
}

/** n bytes from the front of a list of chunks, joined. */
function concat(chunks: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c.subarray(0, n - o), o);
    o += Math.min(c.length, n - o);
  }
  return out;
}

/**
 * All chunks joined into one buffer that grows as data arrives (never sized by
 * a header), after `check` has seen the first `peek` bytes.
 */
export async function readAll(chunks: AsyncIterable<Uint8Array>, peek = 0, check?: (head: Uint8Array) => void): Promise<Uint8Array> {
  let buf = new Uint8Array(0), n = 0, checked = check === undefined;
  for await (const c of chunks) {
    if (n + c.length > buf.length) {
      const grown = new Uint8Array(Math.max(n + c.length, buf.length * 2, 1 << 16));
      grown.set(buf.subarray(0, n));
      buf = grown;
    }
    buf.set(c, n);
    n += c.length;
    if (!checked && n >= peek) {
      check!(buf.subarray(0, peek));
      checked = true;
    }
  }
  if (!checked) check!(buf.subarray(0, n));
  return buf.length === n ? buf : buf.slice(0, n);
}
