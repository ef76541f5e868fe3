// IDX files (MNIST, Fashion-MNIST): magic 0 0 type ndim, ndim big-endian uint32
// sizes, then the values big-endian. gzip'd files are recognised by their magic
// and inflated with the platform's DecompressionStream.
import { LinclassError } from '../errors.js';

export interface IdxArray {
  /** The sizes, outermost first: [60000, 28, 28] for an images file. */
  shape: number[];
  /** The values in row-major order. */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES: Record<number, [string, number]> = {
  0x08: ['uint8', 1], 0x09: ['int8', 1], 0x0b: ['int16', 2], 0x0c: ['int32', 4], 0x0d: ['float32', 4], 0x0e: ['float64', 8],
};

/** Parses uncompressed IDX bytes. Throws LinclassError('INVALID_DATA') for a bad header or a size that disagrees with the byte length. */
export function parseIdx(bytes: Uint8Array): IdxArray {
  const fail = (why: string): never => { throw new LinclassError('INVALID_DATA', `Not a valid IDX file: ${why}.`); };
  if (bytes.length < 4) fail(`${bytes.length} bytes is shorter than the 4-byte magic number`);
  if (bytes[0] !== 0 || bytes[1] !== 0) fail('the magic number must start with two zero bytes');
  const type = TYPES[bytes[2]];
  if (!type) fail(`unknown value type 0x${bytes[2].toString(16)}`);
  const ndim = bytes[3];
  if (ndim === 0) fail('it declares 0 dimensions');
  const head = 4 + 4 * ndim;
  if (bytes.length < head) fail(`the header needs ${head} bytes, the file has ${bytes.length}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < ndim; i++) {
    const n = dv.getUint32(4 + 4 * i);
    shape.push(n);
    count *= n;
  }
  const [name, size] = type;
  const want = head + count * size;
  if (want !== bytes.length) {
    fail(`its header declares ${shape.join('×')} ${name} values (${want} bytes with the header), but it has ${bytes.length} bytes`);
  }
  let data: IdxArray['data'];
  switch (name) {
    case 'uint8': data = bytes.slice(head); break;
    case 'int8': data = new Int8Array(bytes.slice(head).buffer); break;
    default: {
      const Ctor = { int16: Int16Array, int32: Int32Array, float32: Float32Array, float64: Float64Array }[name as 'int16']!;
      const out = new Ctor(count);
      for (let i = 0; i < count; i++) {
        const o = head + i * size;
        out[i] = name === 'int16' ? dv.getInt16(o) : name === 'int32' ? dv.getInt32(o) : name === 'float32' ? dv.getFloat32(o) : dv.getFloat64(o);
      }
      data = out;
    }
  }
  return { shape, data };
}

/** True for the gzip magic bytes 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Inflates gzip bytes with DecompressionStream (Node 18+, browsers, edge runtimes). */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new LinclassError('INVALID_DATA', `The gzip data could not be inflated: ${(e as Error).message}.`);
  }
}

/** Parses IDX bytes, gzip'd or not. */
export async function readIdx(bytes: Uint8Array): Promise<IdxArray> {
  return parseIdx(isGzip(bytes) ? await gunzip(bytes) : bytes);
}
