// The protocol-buffers wire format, as much of it as ONNX files need: a reader
// that walks a message's fields (varints, 32- and 64-bit values, and
// length-delimited bytes returned as views, never copied), packed repeated
// numbers, and a writer. A length or a varint that runs past its message is
// INVALID_DATA; nothing is allocated beyond what the bytes themselves hold.
import { LinclassError } from '../base/errors.js';

/** A field of a message: its number, wire type, and value. */
export interface Field {
  no: number;
  /** 0 varint, 1 64-bit, 2 length-delimited, 5 32-bit. */
  wire: number;
  /** The varint as a signed 64-bit integer (exact within ±2^53), or the 32-bit float, or the 64-bit double. */
  value: number;
  /** False for a varint beyond ±2^53, which a number cannot hold exactly. */
  exact: boolean;
  /** The bytes of a length-delimited field (a view into the message). */
  bytes: Uint8Array;
}

const EMPTY = new Uint8Array(0);
const fail = (what: string, why: string): never => {
  throw new LinclassError('INVALID_DATA', `Not a valid ONNX file: ${what} ${why}.`);
};

/** A varint at buf[pos]: [value as a signed int64, next position, exact]. */
function varint(buf: Uint8Array, pos: number, end: number, what: string): [number, number, boolean] {
  let lo = 0, hi = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) fail(what, 'ends inside a varint');
    const b = buf[pos++];
    if (i < 4) lo |= (b & 0x7f) << (7 * i);
    else if (i === 4) {
      lo |= (b & 0x0f) << 28;
      hi = (b & 0x70) >> 4;
    } else hi |= (b & 0x7f) << (7 * i - 32);
    if ((b & 0x80) === 0) {
      const h = hi | 0;
      return [h * 4294967296 + (lo >>> 0), pos, h >= -2097152 && h < 2097152];
    }
  }
  return fail(what, 'has a varint longer than 10 bytes');
}

/** The fields of a message, in order. `what` names the message in errors. */
export function* fields(buf: Uint8Array, what: string): Generator<Field> {
  const end = buf.length;
  let pos = 0;
  while (pos < end) {
    const [key, p1] = varint(buf, pos, end, what);
    pos = p1;
    const no = Math.floor(key / 8), wire = key - 8 * no;
    if (no < 1 || no > 536870911) fail(what, `has a field number ${no}`);
    const f: Field = { no, wire, value: 0, exact: true, bytes: EMPTY };
    if (wire === 0) {
      [f.value, pos, f.exact] = varint(buf, pos, end, what);
    } else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (pos + n > end) fail(what, `ends inside field ${no}`);
      const dv = new DataView(buf.buffer, buf.byteOffset + pos, n);
      f.value = n === 8 ? dv.getFloat64(0, true) : dv.getFloat32(0, true);
      pos += n;
    } else if (wire === 2) {
      const [len, p2] = varint(buf, pos, end, what);
      if (len < 0 || len > end - p2) fail(what, `has field ${no} of ${len} bytes, more than the ${end - p2} left`);
      f.bytes = buf.subarray(p2, p2 + len);
      pos = p2 + len;
    } else {
      fail(what, `has field ${no} of wire type ${wire}, which ONNX does not use`);
    }
    yield f;
  }
}

/** Little-endian float32 values: a packed field's bytes. */
export function packedFloats(b: Uint8Array, what: string): Float32Array {
  if (b.length % 4 !== 0) fail(what, `holds ${b.length} bytes of float32 values, not a multiple of 4`);
  const out = new Float32Array(b.length / 4), dv = new DataView(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(4 * i, true);
  return out;
}

/** Little-endian float64 values. */
export function packedDoubles(b: Uint8Array, what: string): Float64Array {
  if (b.length % 8 !== 0) fail(what, `holds ${b.length} bytes of float64 values, not a multiple of 8`);
  const out = new Float64Array(b.length / 8), dv = new DataView(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat64(8 * i, true);
  return out;
}

/** Packed varints (int64, int32, bool) as numbers; an entry beyond ±2^53 is refused. */
export function packedVarints(b: Uint8Array, what: string): number[] {
  const out: number[] = [];
  for (let pos = 0; pos < b.length;) {
    const [v, p, exact] = varint(b, pos, b.length, what);
    if (!exact) fail(what, `holds the integer ${v}, beyond the ±2^53 this reader keeps exactly`);
    out.push(v);
    pos = p;
  }
  return out;
}

/** Little-endian int64 values (a tensor's raw_data); an entry beyond ±2^53 is refused. */
export function rawInt64s(b: Uint8Array, what: string): number[] {
  if (b.length % 8 !== 0) fail(what, `holds ${b.length} bytes of int64 values, not a multiple of 8`);
  const out: number[] = [], dv = new DataView(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < b.length; i += 8) {
    const lo = dv.getUint32(i, true), hi = dv.getInt32(i + 4, true);
    if (hi < -2097152 || hi >= 2097152) fail(what, 'holds an int64 beyond the ±2^53 this reader keeps exactly');
    out.push(hi * 4294967296 + lo);
  }
  return out;
}

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** A string field's text (UTF-8; malformed bytes become U+FFFD). */
export const text = (b: Uint8Array): string => utf8.decode(b);

/** A message being written: fields appended in order; finish() gives the bytes. */
export class ProtoWriter {
  #buf = new Uint8Array(256);
  #n = 0;

  #room(n: number): void {
    if (this.#n + n <= this.#buf.length) return;
    const grown = new Uint8Array(Math.max(this.#n + n, 2 * this.#buf.length));
    grown.set(this.#buf.subarray(0, this.#n));
    this.#buf = grown;
  }

  #varint(v: number): void {
    this.#room(10);
    if (v < 0) {
      // two's complement over 64 bits: always ten bytes
      let u = BigInt.asUintN(64, BigInt(v));
      for (let i = 0; i < 9; i++, u >>= BigInt(7)) this.#buf[this.#n++] = Number(u & BigInt(0x7f)) | 0x80;
      this.#buf[this.#n++] = Number(u);
      return;
    }
    while (v >= 0x80) {
      this.#buf[this.#n++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.#buf[this.#n++] = v;
  }

  /** A varint field (int64, int32, enum, bool). */
  int(no: number, v: number): this {
    this.#varint(no * 8);
    this.#varint(v);
    return this;
  }

  /** A 32-bit float field. */
  float(no: number, v: number): this {
    this.#varint(no * 8 + 5);
    this.#room(4);
    new DataView(this.#buf.buffer).setFloat32(this.#n, v, true);
    this.#n += 4;
    return this;
  }

  /** A length-delimited field: bytes, a nested message's bytes, or a string. */
  bytes(no: number, b: Uint8Array | string): this {
    const v = typeof b === 'string' ? utf8Encoder.encode(b) : b;
    this.#varint(no * 8 + 2);
    this.#varint(v.length);
    this.#room(v.length);
    this.#buf.set(v, this.#n);
    this.#n += v.length;
    return this;
  }

  /** Packed varints. */
  ints(no: number, vs: readonly number[]): this {
    const w = new ProtoWriter();
    for (const v of vs) w.#varint(v);
    return this.bytes(no, w.finish());
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#n);
  }
}

/** Float32 values as little-endian bytes (a tensor's raw_data). */
export function floatBytes(v: Float32Array): Uint8Array {
  const out = new Uint8Array(4 * v.length), dv = new DataView(out.buffer);
  for (let i = 0; i < v.length; i++) dv.setFloat32(4 * i, v[i], true);
  return out;
}
