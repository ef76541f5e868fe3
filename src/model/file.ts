// The model file (.lcm): a versioned binary format, and its JSON twin. Layout
// and rules: docs/model-format.md. Every integer and float is little-endian.
//
//   0   8  magic     89 4C 43 4D 0D 0A 1A 0A  ("\x89LCM\r\n\x1a\n")
//   8   2  version   u16 = 1
//  10   2  header    u16 = 64, the bytes before W
//  12   4  D         u32 numFeatures, [1, 2^24]
//  16   4  C         u32 numClasses, [2, 65536]
//  20   1  loss      u8  0 svm, 1 softmax
//  21   1  penalty   u8  0 none, 1 l2, 2 l1, 3 elasticnet
//  22   1  flags     u8  bit 0: a mean follows b; other bits 0
//  23   1  reserved  0
//  24   4  seed      u32
//  28   4  reserved  0
//  32   8  reg       f64
//  40   8  l2Ratio   f64
//  48   8  delta     f64
//  56   8  scale     f64 (preprocessing: x' = x·scale − mean)
//  64      W         C·D f32, row-major (row c is the template of class c)
//          b         C f32
//          mean      D f32 (only with flag bit 0)
//  end-4   crc       u32 CRC-32 of every byte before it
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import type { LossName, PenaltyName } from '../runtime/kernels.js';
import { crc32 } from '../io/crc32.js';
import type { Preprocessing } from './preprocess.js';

/** The format version this code writes and reads. */
export const MODEL_VERSION = 1;
const MAGIC = [0x89, 0x4c, 0x43, 0x4d, 0x0d, 0x0a, 0x1a, 0x0a];
const HEADER = 64;
const MAX_D = 2 ** 24, MAX_C = 65536;
// File codes, fixed by the format (independent of the kernels' enums).
const LOSSES: readonly LossName[] = ['svm', 'softmax'];
const PENALTIES: readonly PenaltyName[] = ['none', 'l2', 'l1', 'elasticnet'];

/** Everything a model file holds. */
export interface ModelData {
  loss: LossName;
  penalty: PenaltyName;
  numFeatures: number;
  numClasses: number;
  reg: number;
  l2Ratio: number;
  delta: number;
  seed: number;
  preprocessing: Preprocessing;
  /** C·D row-major. */
  W: Float32Array;
  /** C entries. */
  b: Float32Array;
}

/** The JSON form: the same fields, arrays as plain numbers. */
export interface ModelJSON extends Omit<ModelData, 'preprocessing' | 'W' | 'b'> {
  format: 'linclass-model';
  version: number;
  preprocessing: { scale: number; mean: number[] | null };
  W: number[];
  b: number[];
}

/** Bytes of a file for C classes, D features, with or without a mean. */
function fileBytes(D: number, C: number, hasMean: boolean): number {
  return HEADER + 4 * (C * D + C + (hasMean ? D : 0)) + 4;
}

/** Writes a model file. */
export function encodeModel(m: ModelData): Uint8Array {
  const D = m.numFeatures, C = m.numClasses, mean = m.preprocessing.mean;
  const bytes = new Uint8Array(fileBytes(D, C, mean !== null));
  const dv = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  dv.setUint16(8, MODEL_VERSION, true);
  dv.setUint16(10, HEADER, true);
  dv.setUint32(12, D, true);
  dv.setUint32(16, C, true);
  dv.setUint8(20, LOSSES.indexOf(m.loss));
  dv.setUint8(21, PENALTIES.indexOf(m.penalty));
  dv.setUint8(22, mean !== null ? 1 : 0);
  dv.setUint32(24, m.seed, true);
  dv.setFloat64(32, m.reg, true);
  dv.setFloat64(40, m.l2Ratio, true);
  dv.setFloat64(48, m.delta, true);
  dv.setFloat64(56, m.preprocessing.scale, true);
  let o = HEADER;
  for (const a of mean ? [m.W, m.b, mean] : [m.W, m.b]) {
    for (let i = 0; i < a.length; i++, o += 4) dv.setFloat32(o, a[i], true);
  }
  dv.setUint32(o, crc32(bytes, 0, o), true);
  return bytes;
}

const invalid = (why: string): never => {
  throw new LinclassError('INVALID_DATA', `Not a valid linclass model file: ${why}.`);
};

/**
 * Reads a model file. Checks, in order and before allocating anything sized by
 * the header: the length, magic, version, header size, D and C ranges, the
 * exact byte length they imply, the CRC-32, then the codes and values.
 * Throws LinclassError('INVALID_DATA') naming the first problem.
 */
export function decodeModel(input: Uint8Array | ArrayBuffer): ModelData {
  if (!(input instanceof Uint8Array) && !(input instanceof ArrayBuffer)) {
    throw new LinclassError('INVALID_ARGUMENT', `LinearClassifier.load needs the file's bytes (a Uint8Array or ArrayBuffer). Got ${describe(input)} instead.`);
  }
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const min = fileBytes(1, 2, false);
  if (bytes.length < min) invalid(`it has ${bytes.length} bytes, fewer than the ${min} of the smallest model`);
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) invalid('it does not start with the magic bytes \\x89LCM\\r\\n\\x1a\\n');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint16(8, true);
  if (version > MODEL_VERSION) {
    invalid(`it has format version ${version}, newer than the version ${MODEL_VERSION} this linclass reads; update linclass`);
  }
  if (version < 1) invalid(`it has format version ${version}; versions start at 1`);
  const header = dv.getUint16(10, true);
  if (header !== HEADER) invalid(`its header size is ${header} bytes; version ${MODEL_VERSION} has ${HEADER}`);
  const D = dv.getUint32(12, true), C = dv.getUint32(16, true), flags = dv.getUint8(22);
  if (D < 1 || D > MAX_D) invalid(`numFeatures is ${D}; it must be in [1, ${MAX_D}]`);
  if (C < 2 || C > MAX_C) invalid(`numClasses is ${C}; it must be in [2, ${MAX_C}]`);
  if (flags > 1) invalid(`its flags byte is ${flags}; only bit 0 (a mean follows) is defined`);
  const want = fileBytes(D, C, flags === 1);
  if (bytes.length !== want) {
    invalid(`its header declares ${C} classes × ${D} features${flags ? ' and a mean' : ''}, which take ${want} bytes, but it has ${bytes.length}${bytes.length < want ? ' (truncated?)' : ''}`);
  }
  const stored = dv.getUint32(want - 4, true), actual = crc32(bytes, 0, want - 4);
  if (stored !== actual) {
    invalid(`its checksum does not match (stored CRC-32 ${hex(stored)}, computed ${hex(actual)}): the file is corrupted`);
  }
  const loss = LOSSES[dv.getUint8(20)], penalty = PENALTIES[dv.getUint8(21)];
  if (!loss) invalid(`loss code ${dv.getUint8(20)} is unknown (0 svm, 1 softmax)`);
  if (!penalty) invalid(`penalty code ${dv.getUint8(21)} is unknown (0 none, 1 l2, 2 l1, 3 elasticnet)`);
  const read = (at: number, n: number): Float32Array => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = dv.getFloat32(at + 4 * i, true);
    return out;
  };
  const W = read(HEADER, C * D), b = read(HEADER + 4 * C * D, C);
  const mean = flags === 1 ? read(HEADER + 4 * (C * D + C), D) : null;
  return {
    loss, penalty, numFeatures: D, numClasses: C, seed: dv.getUint32(24, true),
    reg: dv.getFloat64(32, true), l2Ratio: dv.getFloat64(40, true), delta: dv.getFloat64(48, true),
    preprocessing: { scale: dv.getFloat64(56, true), mean }, W, b,
  };
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** The JSON form of a model (plain numbers; float32 values survive the round trip exactly). */
export function modelToJSON(m: ModelData): ModelJSON {
  return {
    format: 'linclass-model', version: MODEL_VERSION,
    loss: m.loss, penalty: m.penalty, numFeatures: m.numFeatures, numClasses: m.numClasses,
    reg: m.reg, l2Ratio: m.l2Ratio, delta: m.delta, seed: m.seed,
    preprocessing: { scale: m.preprocessing.scale, mean: m.preprocessing.mean ? Array.from(m.preprocessing.mean) : null },
    W: Array.from(m.W), b: Array.from(m.b),
  };
}

const invalidJson = (why: string): never => {
  throw new LinclassError('INVALID_DATA', `Not a valid linclass model JSON: ${why}.`);
};

/**
 * Reads the JSON form (an object, or its text). Checks the format tag, the
 * version and every array's length against numFeatures and numClasses; option
 * values are checked when the classifier is built. Throws LinclassError('INVALID_DATA').
 */
export function modelFromJSON(input: unknown): ModelData {
  let o = input;
  if (typeof o === 'string') {
    try {
      o = JSON.parse(o);
    } catch (e) {
      invalidJson(`the text does not parse (${(e as Error).message})`);
    }
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) invalidJson(`expected an object, got ${describe(o)}`);
  const j = o as Partial<ModelJSON>;
  if (j.format !== 'linclass-model') invalidJson(`'format' is ${describe(j.format)}, expected "linclass-model"`);
  if (typeof j.version !== 'number' || !Number.isInteger(j.version) || j.version < 1) invalidJson(`'version' is ${describe(j.version)}, expected an integer ≥ 1`);
  if (j.version! > MODEL_VERSION) invalidJson(`it has format version ${j.version}, newer than the version ${MODEL_VERSION} this linclass reads; update linclass`);
  const D = j.numFeatures, C = j.numClasses;
  if (typeof D !== 'number' || !Number.isInteger(D) || D < 1 || D > MAX_D) invalidJson(`'numFeatures' is ${describe(D)}; it must be an integer in [1, ${MAX_D}]`);
  if (typeof C !== 'number' || !Number.isInteger(C) || C < 2 || C > MAX_C) invalidJson(`'numClasses' is ${describe(C)}; it must be an integer in [2, ${MAX_C}]`);
  for (const k of ['loss', 'penalty', 'reg', 'l2Ratio', 'delta', 'seed', 'W', 'b'] as const) {
    if (j[k] === undefined) invalidJson(`'${k}' is missing`);
  }
  const p = j.preprocessing ?? { scale: 1, mean: null };
  if (typeof p !== 'object' || p === null) invalidJson(`'preprocessing' is ${describe(p)}, expected { scale, mean }`);
  const arr = (name: string, v: unknown, n: number): Float32Array => {
    if (!Array.isArray(v) || v.length !== n) invalidJson(`'${name}' must be an array of ${n} numbers, got ${describe(v)}`);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const x = (v as unknown[])[i];
      if (typeof x !== 'number' || !Number.isFinite(x)) invalidJson(`${name}[${i}] is ${describe(x)}, expected a finite number`);
      out[i] = x as number;
    }
    return out;
  };
  return {
    loss: j.loss as LossName, penalty: j.penalty as PenaltyName, numFeatures: D!, numClasses: C!,
    reg: j.reg as number, l2Ratio: j.l2Ratio as number, delta: j.delta as number, seed: j.seed as number,
    preprocessing: { scale: p.scale as number, mean: p.mean == null ? null : arr('preprocessing.mean', p.mean, D!) },
    W: arr('W', j.W, C! * D!), b: arr('b', j.b, C!),
  };
}
