// The ONNX messages linclass reads and writes (onnx.proto3: ModelProto,
// GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto and the
// type messages under it), decoded into plain objects and encoded back. Only
// the fields a linear classifier's graph uses are kept; others are skipped
// (write.ts encodes the few messages linclass writes).
// Tensor data is checked against the tensor's dims before it is used, and a
// tensor never allocates more than its own bytes hold.
import { LinclassError } from '../../base/errors.js';
import { fields, packedDoubles, packedFloats, packedVarints, rawInt64s, text, type Field } from '../../io/protobuf.js';

/** TensorProto.DataType values linclass handles. */
export const DT = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, STRING: 8, BOOL: 9, DOUBLE: 11 } as const;

export interface OnnxTensor {
  name: string;
  dims: number[];
  type: number;
  /** FLOAT and DOUBLE data (float64 holds both exactly). */
  values?: Float64Array;
  /** Integer data (INT32, INT64, BOOL, UINT8, INT8). */
  ints?: number[];
  strings?: string[];
  /** Set when the data lives outside the file. */
  external?: boolean;
}

export interface OnnxAttr {
  name: string;
  f?: number;
  i?: number;
  s?: string;
  t?: OnnxTensor;
  floats: number[];
  ints: number[];
  strings: string[];
  /** Set for a subgraph (GRAPH or GRAPHS), which linclass never follows. */
  graph?: boolean;
}

export interface OnnxNode {
  opType: string;
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs: Map<string, OnnxAttr>;
}

/** A graph input or output: its element type and shape when it is a tensor (elemType 0 otherwise). */
export interface OnnxValueInfo {
  name: string;
  elemType: number;
  /** Dimension sizes; null for a named or unknown dimension; the whole list null without a shape. */
  shape: (number | null)[] | null;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: number;
  /** Operator set versions by domain ('' is the standard ai.onnx domain). */
  opsets: Map<string, number>;
  producerName: string;
  producerVersion: string;
  docString: string;
  graph: OnnxGraph;
  metadata: Map<string, string>;
}

const fail = (why: string): never => {
  throw new LinclassError('INVALID_DATA', `Not a valid ONNX file: ${why}.`);
};

/** Numbers of a repeated numeric field, packed or not. */
function pushNumbers(out: number[], f: Field, what: string, kind: 'float' | 'varint'): void {
  if (f.wire === 2) {
    const v = kind === 'float' ? packedFloats(f.bytes, what) : packedVarints(f.bytes, what);
    for (let i = 0; i < v.length; i++) out.push(v[i]);
  } else if ((kind === 'float' && f.wire === 5) || (kind === 'varint' && f.wire === 0)) {
    if (!f.exact) fail(`${what} holds an integer beyond ±2^53`);
    out.push(f.value);
  } else fail(`${what} has wire type ${f.wire}`);
}

function int(f: Field, what: string): number {
  if (f.wire !== 0 || !f.exact) fail(`${what} is not a varint within ±2^53`);
  return f.value;
}

function bytesOf(f: Field, what: string): Uint8Array {
  if (f.wire !== 2) fail(`${what} is not length-delimited`);
  return f.bytes;
}

export function decodeTensor(buf: Uint8Array, where: string): OnnxTensor {
  const t: OnnxTensor = { name: '', dims: [], type: 0 };
  let raw: Uint8Array | null = null;
  const floats: number[] = [], ints: number[] = [], strings: string[] = [];
  let doubles: number[] | null = null;
  for (const f of fields(buf, `tensor in ${where}`)) {
    const what = `field ${f.no} of tensor '${t.name}' in ${where}`;
    switch (f.no) {
      case 1: pushNumbers(t.dims, f, what, 'varint'); break;
      case 2: t.type = int(f, what); break;
      case 4: pushNumbers(floats, f, what, 'float'); break;
      case 5: case 7: case 11: pushNumbers(ints, f, what, 'varint'); break;
      case 6: strings.push(text(bytesOf(f, what))); break;
      case 8: t.name = text(bytesOf(f, what)); break;
      case 9: raw = bytesOf(f, what); break;
      case 10:
        doubles ??= [];
        if (f.wire === 2) for (const d of packedDoubles(f.bytes, what)) doubles.push(d);
        else if (f.wire === 1) doubles.push(f.value);
        else fail(`${what} has wire type ${f.wire}`);
        break;
      case 13: t.external = true; break;
      case 14: if (int(f, what) === 1) t.external = true; break;
    }
  }
  const name = `tensor '${t.name}' in ${where}`;
  let count = 1;
  for (const d of t.dims) {
    if (d < 0) fail(`${name} has a negative dimension ${d}`);
    count *= d;
  }
  if (t.external) return t;
  const check = (n: number): void => {
    if (n !== count) fail(`${name} declares ${t.dims.length ? t.dims.join('×') : 'a scalar'} = ${count} values but holds ${n}`);
  };
  const T = t.type;
  if (T === DT.FLOAT || T === DT.DOUBLE) {
    const v = raw ? (T === DT.FLOAT ? packedFloats(raw, name) : packedDoubles(raw, name)) : T === DT.FLOAT ? floats : (doubles ?? []);
    check(v.length);
    t.values = Float64Array.from(v);
  } else if (T === DT.INT64 || T === DT.INT32 || T === DT.BOOL || T === DT.UINT8 || T === DT.INT8) {
    if (raw) {
      if (T === DT.INT64) t.ints = rawInt64s(raw, name);
      else if (T === DT.INT32) {
        if (raw.length % 4 !== 0) fail(`${name} holds ${raw.length} bytes of int32 values, not a multiple of 4`);
        const dv = new DataView(raw.buffer, raw.byteOffset, raw.length);
        t.ints = Array.from({ length: raw.length / 4 }, (_, i) => dv.getInt32(4 * i, true));
      }
      else t.ints = Array.from(T === DT.INT8 ? new Int8Array(raw.slice().buffer) : raw);
    } else t.ints = ints;
    check(t.ints.length);
  } else if (T === DT.STRING) {
    check(strings.length);
    t.strings = strings;
  }
  return t;
}

function decodeAttr(buf: Uint8Array, where: string): OnnxAttr {
  const a: OnnxAttr = { name: '', floats: [], ints: [], strings: [] };
  for (const f of fields(buf, `attribute in ${where}`)) {
    const what = `field ${f.no} of attribute '${a.name}' of ${where}`;
    switch (f.no) {
      case 1: a.name = text(bytesOf(f, what)); break;
      case 2: if (f.wire !== 5) fail(`${what} is not a float`); a.f = f.value; break;
      case 3: a.i = int(f, what); break;
      case 4: a.s = text(bytesOf(f, what)); break;
      case 5: a.t = decodeTensor(bytesOf(f, what), `attribute '${a.name}' of ${where}`); break;
      case 6: case 11: a.graph = true; break;
      case 7: pushNumbers(a.floats, f, what, 'float'); break;
      case 8: pushNumbers(a.ints, f, what, 'varint'); break;
      case 9: a.strings.push(text(bytesOf(f, what))); break;
    }
  }
  return a;
}

function decodeNode(buf: Uint8Array, index: number): OnnxNode {
  const n: OnnxNode = { opType: '', domain: '', name: '', inputs: [], outputs: [], attrs: new Map() };
  const where = `node ${index}`;
  for (const f of fields(buf, where)) {
    const what = `field ${f.no} of ${where}`;
    switch (f.no) {
      case 1: n.inputs.push(text(bytesOf(f, what))); break;
      case 2: n.outputs.push(text(bytesOf(f, what))); break;
      case 3: n.name = text(bytesOf(f, what)); break;
      case 4: n.opType = text(bytesOf(f, what)); break;
      case 5: {
        const a = decodeAttr(bytesOf(f, what), `node ${index} (${n.opType || 'no op_type yet'})`);
        n.attrs.set(a.name, a);
        break;
      }
      case 7: n.domain = text(bytesOf(f, what)); break;
    }
  }
  return n;
}

function decodeValueInfo(buf: Uint8Array, where: string): OnnxValueInfo {
  const v: OnnxValueInfo = { name: '', elemType: 0, shape: null };
  for (const f of fields(buf, where)) {
    if (f.no === 1) v.name = text(bytesOf(f, where));
    else if (f.no === 2) {
      for (const g of fields(bytesOf(f, where), `the type of ${where}`)) {
        if (g.no !== 1) continue; // a sequence, map or other non-tensor type: elemType stays 0
        for (const h of fields(bytesOf(g, where), `the tensor type of ${where}`)) {
          if (h.no === 1) v.elemType = int(h, where);
          else if (h.no === 2) {
            v.shape = [];
            for (const d of fields(bytesOf(h, where), `the shape of ${where}`)) {
              if (d.no !== 1) continue;
              let size: number | null = null;
              for (const e of fields(bytesOf(d, where), `a dimension of ${where}`)) if (e.no === 1) size = int(e, where);
              v.shape.push(size);
            }
          }
        }
      }
    }
  }
  return v;
}

function decodeGraph(buf: Uint8Array): OnnxGraph {
  const g: OnnxGraph = { name: '', nodes: [], initializers: [], inputs: [], outputs: [] };
  for (const f of fields(buf, 'the graph')) {
    const what = `field ${f.no} of the graph`;
    switch (f.no) {
      case 1: g.nodes.push(decodeNode(bytesOf(f, what), g.nodes.length)); break;
      case 2: g.name = text(bytesOf(f, what)); break;
      case 5: g.initializers.push(decodeTensor(bytesOf(f, what), 'the initializers')); break;
      case 11: g.inputs.push(decodeValueInfo(bytesOf(f, what), `graph input ${g.inputs.length}`)); break;
      case 12: g.outputs.push(decodeValueInfo(bytesOf(f, what), `graph output ${g.outputs.length}`)); break;
      case 15: fail('its graph holds sparse initializers, which linclass does not read');
    }
  }
  return g;
}

/** Decodes an ONNX ModelProto. Throws LinclassError('INVALID_DATA') for bytes that are not one. */
export function decodeModel(buf: Uint8Array): OnnxModel {
  const m: OnnxModel = { irVersion: 0, opsets: new Map(), producerName: '', producerVersion: '', docString: '', graph: null!, metadata: new Map() };
  for (const f of fields(buf, 'the model')) {
    const what = `field ${f.no} of the model`;
    switch (f.no) {
      case 1: m.irVersion = int(f, what); break;
      case 2: m.producerName = text(bytesOf(f, what)); break;
      case 3: m.producerVersion = text(bytesOf(f, what)); break;
      case 6: m.docString = text(bytesOf(f, what)); break;
      case 7: m.graph = decodeGraph(bytesOf(f, what)); break;
      case 8: {
        let domain = '', version = 0;
        for (const g of fields(bytesOf(f, what), 'an opset_import')) {
          if (g.no === 1) domain = text(bytesOf(g, 'an opset_import'));
          else if (g.no === 2) version = int(g, 'an opset_import');
        }
        m.opsets.set(domain === 'ai.onnx' ? '' : domain, version);
        break;
      }
      case 14: {
        let key = '', value = '';
        for (const g of fields(bytesOf(f, what), 'a metadata_props entry')) {
          if (g.no === 1) key = text(bytesOf(g, 'a metadata_props key'));
          else if (g.no === 2) value = text(bytesOf(g, 'a metadata_props value'));
        }
        m.metadata.set(key, value);
        break;
      }
    }
  }
  if (m.graph === null) fail(buf.length === 0 ? 'it is empty' : 'it has no graph (a ModelProto field 7)');
  return m;
}
