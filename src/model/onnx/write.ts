// A model as an ONNX file any ONNX runtime runs, with standard operators only
// (opset 13):
//
//   input  float [N, D]
//   x·scale        Mul      (when scale ≠ 1)
//   − mean         Sub      (when there is a mean)
//   W·x + b        Gemm     (transB = 1: W is stored C×D as linclass keeps it)
//   label          ArgMax   (axis 1, over the scores: the first class on ties) → int64 [N]
//   probabilities  Softmax  (axis 1; loss 'softmax')                          → float [N, C]
//   or scores      the Gemm's output (loss 'svm', 'ova' or 'structured')      → float [N, C]
//
// The options no graph holds (loss, penalty, reg, l2Ratio, delta, seed, and the
// scale as float64) go in metadata_props under "linclass", so fromONNX gives
// back the same classifier bit for bit.
import { DT } from './proto.js';
import { ProtoWriter, floatBytes } from '../../io/protobuf.js';
import type { ModelData } from '../file.js';

export const OPSET = 13;
/** IR version 7 goes with opset 13. */
const IR_VERSION = 7;
/** The metadata_props key of the options. */
export const META_KEY = 'linclass';
export const META_FORMAT = 'linclass-onnx';

/** The names of the graph's inputs and outputs. */
export const NAMES = { input: 'input', label: 'label', scores: 'scores', probabilities: 'probabilities' } as const;

export function encodeOnnx(m: ModelData, version: string): Uint8Array {
  const D = m.numFeatures, C = m.numClasses, { scale, mean } = m.preprocessing;
  const g = new ProtoWriter();
  let x: string = NAMES.input;
  const init: Uint8Array[] = [];
  if (scale !== 1) {
    g.bytes(1, encodeNode('Mul', [x, 'scale'], ['scaled'], 'preprocess_scale'));
    init.push(encodeTensor('scale', [], Float32Array.of(scale)));
    x = 'scaled';
  }
  if (mean !== null) {
    g.bytes(1, encodeNode('Sub', [x, 'mean'], ['centered'], 'preprocess_mean'));
    init.push(encodeTensor('mean', [D], mean));
    x = 'centered';
  }
  const softmax = m.loss === 'softmax';
  g.bytes(1, encodeNode('Gemm', [x, 'W', 'b'], [NAMES.scores], 'scores', { transB: { int: 1 } }));
  init.push(encodeTensor('W', [C, D], m.W), encodeTensor('b', [C], m.b));
  g.bytes(1, encodeNode('ArgMax', [NAMES.scores], [NAMES.label], 'label', { axis: { int: 1 }, keepdims: { int: 0 } }));
  if (softmax) g.bytes(1, encodeNode('Softmax', [NAMES.scores], [NAMES.probabilities], 'probabilities', { axis: { int: 1 } }));
  g.bytes(2, 'linclass');
  for (const t of init) g.bytes(5, t);
  g.bytes(11, encodeValueInfo(NAMES.input, DT.FLOAT, ['N', D], `N rows of ${D} raw features; the graph applies x·scale − mean`));
  g.bytes(12, encodeValueInfo(NAMES.label, DT.INT64, ['N'], 'the class with the highest score, in [0, C)'));
  const out = softmax ? NAMES.probabilities : NAMES.scores;
  g.bytes(12, encodeValueInfo(out, DT.FLOAT, ['N', C], softmax ? 'class probabilities (softmax of the scores)' : 'scores W·x + b'));
  const meta = {
    format: META_FORMAT, version: 1, loss: m.loss, penalty: m.penalty, reg: m.reg, l2Ratio: m.l2Ratio, delta: m.delta, seed: m.seed, scale,
    ...(m.classes ? { classes: m.classes } : {}),
  };
  return new ProtoWriter()
    .int(1, IR_VERSION)
    .bytes(2, 'linclass')
    .bytes(3, version)
    .bytes(6, `A linear classifier (loss '${m.loss}', ${D} features, ${C} classes) written by linclass.`)
    .bytes(7, g.finish())
    .bytes(8, new ProtoWriter().bytes(1, '').int(2, OPSET).finish())
    .bytes(14, new ProtoWriter().bytes(1, META_KEY).bytes(2, JSON.stringify(meta)).finish())
    .finish();
}

// ---- the messages -------------------------------------------------------------------

/** A tensor of float32 values (raw_data) or int64 values (int64_data). */
export function encodeTensor(name: string, dims: number[], v: Float32Array | { int64: number[] }): Uint8Array {
  const w = new ProtoWriter();
  if (dims.length) w.ints(1, dims);
  if (v instanceof Float32Array) w.int(2, DT.FLOAT).bytes(8, name).bytes(9, floatBytes(v));
  else w.int(2, DT.INT64).ints(7, v.int64).bytes(8, name);
  return w.finish();
}

export type AttrValue = number | { int: number } | string | number[];

function encodeAttr(name: string, v: AttrValue): Uint8Array {
  const w = new ProtoWriter().bytes(1, name);
  if (typeof v === 'string') return w.bytes(4, v).int(20, 3).finish();
  if (Array.isArray(v)) return w.ints(8, v).int(20, 7).finish();
  if (typeof v === 'number') return w.float(2, v).int(20, 1).finish();
  return w.int(3, v.int).int(20, 2).finish();
}

export function encodeNode(op: string, inputs: string[], outputs: string[], name: string, attrs: Record<string, AttrValue> = {}, domain = ''): Uint8Array {
  const w = new ProtoWriter();
  for (const i of inputs) w.bytes(1, i);
  for (const o of outputs) w.bytes(2, o);
  w.bytes(3, name).bytes(4, op);
  for (const [k, v] of Object.entries(attrs)) w.bytes(5, encodeAttr(k, v));
  if (domain) w.bytes(7, domain);
  return w.finish();
}

/** A tensor-typed graph input or output; a string dimension is symbolic (dim_param). */
export function encodeValueInfo(name: string, elemType: number, dims: (number | string)[], doc = ''): Uint8Array {
  const shape = new ProtoWriter();
  for (const d of dims) shape.bytes(1, typeof d === 'number' ? new ProtoWriter().int(1, d).finish() : new ProtoWriter().bytes(2, d).finish());
  const tensor = new ProtoWriter().int(1, elemType).bytes(2, shape.finish()).finish();
  const w = new ProtoWriter().bytes(1, name).bytes(2, new ProtoWriter().bytes(1, tensor).finish());
  if (doc) w.bytes(3, doc);
  return w.finish();
}
