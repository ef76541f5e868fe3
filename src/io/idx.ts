// IDX files (MNIST, Fashion-MNIST): magic 0 0 type ndim, ndim big-endian uint32
// sizes, then the values big-endian. gzip'd files are recognised by their magic
// and inflated with the platform's DecompressionStream.
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import { inflatedChunks, readAll, type ByteSource } from './bytes.js';
import type { LabelledImages } from './images.js';

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
  if (!(bytes instanceof Uint8Array)) {
    throw new LinclassError('INVALID_ARGUMENT', `parseIdx needs the file's bytes as a Uint8Array (readIdx also takes an ArrayBuffer or a stream). Got ${describe(bytes)} instead.`);
  }
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

/**
 * Reads an IDX file, gzip'd or not (recognised by its magic), from bytes or a
 * stream: gzip is inflated as the chunks arrive, and the buffer grows with the
 * data, never to a size a header merely claims. Throws
 * LinclassError('INVALID_DATA') for a bad header, a length that disagrees with
 * it, or gzip data that does not inflate.
 *
 * @example
 * const { shape, data } = await readIdx(await (await fetch('t10k-labels-idx1-ubyte.gz')).bytes());
 */
export async function readIdx(source: ByteSource): Promise<IdxArray> {
  const bytes = await readAll(inflatedChunks(source, 'the IDX file'), 4, (head) => {
    if (head.length < 4) parseIdx(head);
    if (head[0] !== 0 || head[1] !== 0) parseIdx(head.slice(0, 4));
  });
  return parseIdx(bytes);
}

/**
 * Reads an images file and a labels file (IDX, gzip'd or not) into labelled
 * rows: image i is row i, its pixels in the file's row-major order. Throws
 * LinclassError('INVALID_DATA') when the counts differ, the labels file is not
 * one-dimensional integers, or a label is negative.
 *
 * @example
 * const train = await readIdxPair(imagesBytes, labelsBytes); // { X: Uint8Array, y, numFeatures: 784, shape: [28, 28] }
 */
export async function readIdxPair(images: ByteSource, labels: ByteSource): Promise<LabelledImages> {
  const img = await readIdx(images), lab = await readIdx(labels);
  if (lab.shape.length !== 1 || lab.data instanceof Float32Array || lab.data instanceof Float64Array) {
    throw new LinclassError('INVALID_DATA',
      `The IDX labels file must hold one integer per image (1 dimension, an integer type). Got ${lab.shape.length} dimension${lab.shape.length === 1 ? '' : 's'} of ${lab.data.constructor.name}.`);
  }
  const N = img.shape[0];
  if (lab.shape[0] !== N) {
    throw new LinclassError('INVALID_DATA', `The IDX images file has ${N} images but the labels file has ${lab.shape[0]} labels.`);
  }
  const shape = img.shape.length > 1 ? img.shape.slice(1) : [1];
  const D = shape.reduce((a, b) => a * b, 1);
  if (N === 0 || D === 0) throw new LinclassError('INVALID_DATA', `The IDX images file holds no values (shape ${img.shape.join('×')}).`);
  const y = Int32Array.from(lab.data);
  const bad = y.findIndex((v) => v < 0);
  if (bad >= 0) throw new LinclassError('INVALID_DATA', `Label ${bad} of the IDX labels file is ${y[bad]}: labels must be integers ≥ 0.`);
  const X = img.data instanceof Uint8Array ? img.data : Float32Array.from(img.data as ArrayLike<number>);
  return { X, y, numFeatures: D, shape };
}
