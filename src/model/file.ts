// The model file (.lcm): a versioned binary format, and its JSON twin. Layout
// and rules: docs/model-format.md. Every integer and float is little-endian.
//
//   0   8  magic     89 4C 43 4D 0D 0A 1A 0A  ("\x89LCM\r\n\x1a\n")
//   8   2  version   u16 = 2 (version 1: the same without flag bit 1)
//  10   2  header    u16 = 64, the bytes before W
//  12   4  D         u32 numFeatures, [1, 2^24]
//  16   4  C         u32 numClasses, [2, 65536]
//  20   1  loss      u8  0 svm, 1 softmax, 2 ova, 3 structured (2 and 3 added within version 2)
//  21   1  penalty   u8  0 none, 1 l2, 2 l1, 3 elasticnet
//  22   1  flags     u8  bit 0: a mean follows b; bit 1: class labels follow; other bits 0
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
//          classes   (only with flag bit 1) u8 kind: 1 numbers, C f64; 2 strings, C × (u32 byte length, UTF-8)
//  end-4   crc       u32 CRC-32 of every byte before it
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import type { LossName, PenaltyName } from '../runtime/kernels.js';
import { crc32 } from '../io/crc32.js';
import type { Preprocessing } from './preprocess.js';

/** The format version this code writes and reads. */
export const MODEL_VERSION = 2;
const MAGIC = [0x89, 0x4c, 0x43, 0x4d, 0x0d, 0x0a, 0x1a, 0x0a];
const HEADER = 64;
const MAX_D = 2 ** 24, MAX_C = 65536;
// File codes, fixed by the format (independent of the kernels' enums). Loss codes
// 2 and 3 came later within version 2: the layout is the same, and a reader from
// before them refuses such a file naming the unknown code.
const LOSSES: readonly LossName[] = ['svm', 'softmax', 'ova', 'structured'];
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
  /** The class labels in class-index order, or null for the classes 0 … C−1. */
  classes: (number | string)[] | null;
}

/** The JSON form: the same fields, arrays as plain numbers. */
export interface ModelJSON extends Omit<ModelData, 'preprocessing' | 'W' | 'b'> {
  format: 'linclass-model';
  version: number;
  preprocessing: { scale: number; mean: number[] | null };
  W: number[];
  b: number[];
}

/** Bytes of a file for C classes, D features, with or without a mean, and a classes section of `extra` bytes. */
function fileBytes(D: number, C: number, hasMean: boolean, extra = 0): number {
  return HEADER + 4 * (C * D + C + (hasMean ? D : 0)) + extra + 4;
}

/** The classes section: kind 1 and C f64, or kind 2 and C length-prefixed UTF-8 strings. */
function encodeClasses(classes: (number | string)[]): Uint8Array {
  if (typeof classes[0] === 'number') {
    const out = new Uint8Array(1 + 8 * classes.length), dv = new DataView(out.buffer);
    out[0] = 1;
    classes.forEach((v, i) => dv.setFloat64(1 + 8 * i, v as number, true));
    return out;
  }
  const texts = classes.map((v) => new TextEncoder().encode(v as string));
  const out = new Uint8Array(1 + texts.reduce((n, t) => n + 4 + t.length, 0)), dv = new DataView(out.buffer);
  out[0] = 2;
  let o = 1;
  for (const t of texts) {
    dv.setUint32(o, t.length, true);
    out.set(t, o + 4);
    o += 4 + t.length;
  }
  return out;
}

/** Writes a model file. */
export function encodeModel(m: ModelData): Uint8Array {
  const D = m.numFeatures, C = m.numClasses, mean = m.preprocessing.mean;
  const classes = m.classes ? encodeClasses(m.classes) : null;
  const bytes = new Uint8Array(fileBytes(D, C, mean !== null, classes?.length));
  const dv = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  dv.setUint16(8, MODEL_VERSION, true);
  dv.setUint16(10, HEADER, true);
  dv.setUint32(12, D, true);
  dv.setUint32(16, C, true);
  dv.setUint8(20, LOSSES.indexOf(m.loss));
  dv.setUint8(21, PENALTIES.indexOf(m.penalty));
  dv.setUint8(22, (mean !== null ? 1 : 0) | (classes ? 2 : 0));
  dv.setUint32(24, m.seed, true);
  dv.setFloat64(32, m.reg, true);
  dv.setFloat64(40, m.l2Ratio, true);
  dv.setFloat64(48, m.delta, true);
  dv.setFloat64(56, m.preprocessing.scale, true);
  let o = HEADER;
  for (const a of mean ? [m.W, m.b, mean] : [m.W, m.b]) {
    for (let i = 0; i < a.length; i++, o += 4) dv.setFloat32(o, a[i], true);
  }
  if (classes) {
    bytes.set(classes, o);
    o += classes.length;
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
  if (flags > (version === 1 ? 1 : 3)) {
    invalid(`its flags byte is ${flags}; only bit 0 (a mean follows)${version === 1 ? ' is' : ' and bit 1 (class labels follow) are'} defined`);
  }
  const hasMean = (flags & 1) === 1, fixed = fileBytes(D, C, hasMean);
  if (bytes.length < fixed || (!(flags & 2) && bytes.length !== fixed)) {
    invalid(`its header declares ${C} classes × ${D} features${hasMean ? ' and a mean' : ''}, which take ${fixed} bytes, but it has ${bytes.length}${bytes.length < fixed ? ' (truncated?)' : ''}`);
  }
  const at = fixed - 4, classes = flags & 2 ? classesSection(dv, at, bytes.length - 4, C) : null;
  if (classes && !sortedDistinct(classes.values)) invalid('its class labels are not sorted and distinct, the order W\'s rows follow');
  const want = classes ? classes.end + 4 : fixed;
  if (bytes.length !== want) invalid(`its class labels end at byte ${want - 4}, but the file has ${bytes.length - 4} bytes before its checksum`);
  const stored = dv.getUint32(want - 4, true), actual = crc32(bytes, 0, want - 4);
  if (stored !== actual) {
    invalid(`its checksum does not match (stored CRC-32 ${hex(stored)}, computed ${hex(actual)}): the file is corrupted`);
  }
  const loss = LOSSES[dv.getUint8(20)], penalty = PENALTIES[dv.getUint8(21)];
  if (!loss) {
    invalid(`loss code ${dv.getUint8(20)} is unknown (${LOSSES.map((l, i) => `${i} ${l}`).join(', ')}); a newer linclass may know it`);
  }
  if (!penalty) invalid(`penalty code ${dv.getUint8(21)} is unknown (0 none, 1 l2, 2 l1, 3 elasticnet)`);
  const read = (at: number, n: number): Float32Array => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = dv.getFloat32(at + 4 * i, true);
    return out;
  };
  const W = read(HEADER, C * D), b = read(HEADER + 4 * C * D, C);
  const mean = hasMean ? read(HEADER + 4 * (C * D + C), D) : null;
  return {
    loss, penalty, numFeatures: D, numClasses: C, seed: dv.getUint32(24, true),
    reg: dv.getFloat64(32, true), l2Ratio: dv.getFloat64(40, true), delta: dv.getFloat64(48, true),
    preprocessing: { scale: dv.getFloat64(56, true), mean }, W, b, classes: classes?.values ?? null,
  };
}

/** Reads the classes section at `at`, never past `limit`; returns the labels and where the section ends. */
function classesSection(dv: DataView, at: number, limit: number, C: number): { values: (number | string)[]; end: number } {
  if (at >= limit) invalid('its flags announce class labels, but the file ends before them');
  const kind = dv.getUint8(at);
  if (kind === 1) {
    const end = at + 1 + 8 * C;
    if (end > limit) invalid(`its ${C} numeric class labels need ${8 * C} bytes; the file has ${Math.max(0, limit - at - 1)}`);
    return { values: Array.from({ length: C }, (_, i) => dv.getFloat64(at + 1 + 8 * i, true)), end };
  }
  if (kind !== 2) invalid(`its class labels have kind ${kind}; 1 (numbers) and 2 (strings) are defined`);
  const values: string[] = [], decoder = new TextDecoder('utf-8', { fatal: true });
  let o = at + 1;
  for (let i = 0; i < C; i++) {
    if (o + 4 > limit) invalid(`class label ${i} of ${C} starts past the end of the file`);
    const n = dv.getUint32(o, true);
    if (o + 4 + n > limit) invalid(`class label ${i} declares ${n} bytes, past the end of the file`);
    try {
      values.push(decoder.decode(new Uint8Array(dv.buffer, dv.byteOffset + o + 4, n)));
    } catch {
      invalid(`class label ${i} is not valid UTF-8`);
    }
    o += 4 + n;
  }
  return { values, end: o };
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
    W: Array.from(m.W), b: Array.from(m.b), classes: m.classes ? [...m.classes] : null,
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
    W: arr('W', j.W, C! * D!), b: arr('b', j.b, C!), classes: classesJSON(j.classes, C!),
  };
}

/** The JSON classes: absent or null (0 … C−1), or C numbers or C strings in sorted order (checked further by the classifier). */
function classesJSON(v: unknown, C: number): (number | string)[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.length !== C || !(v.every((x) => typeof x === 'number') || v.every((x) => typeof x === 'string'))) {
    invalidJson(`'classes' must be null or an array of ${C} numbers or ${C} strings, got ${describe(v)}`);
  }
  if (!sortedDistinct(v as (number | string)[])) invalidJson("'classes' must be sorted and distinct: W's rows follow their order");
  return v as (number | string)[];
}

/** True when every label is below the next (numbers ascending, strings by code point): the order classes keep. */
function sortedDistinct(v: readonly (number | string)[]): boolean {
  for (let i = 1; i < v.length; i++) if (!(v[i - 1] < v[i])) return false;
  return true;
}
