// Readers that yield a file's rows in chunks of `rows` rows, never holding the
// whole file: IDX images with their labels (read side by side), and CIFAR-10
// batches, and CSV text. Each chunk is { X, y } with the raw values (pixel bytes for 8-bit
// files), the shape fitStream reads. gzip is inflated on the fly.
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import { inflatedChunks, type ByteSource } from './bytes.js';
import { CsvParser, checkOptions, type CsvOptions } from './csv.js';

/** A chunk of rows: N·D raw values, row-major, and N labels. */
export interface RowChunk {
  X: Uint8Array | Float32Array;
  y: Int32Array;
}

export interface ChunkOptions {
  /** Rows per chunk, ≥ 1. Default 1024. */
  rows?: number;
}

/** Exact reads over a stream of byte chunks. */
export class ByteQueue {
  readonly #it: AsyncIterator<Uint8Array>;
  #cur: Uint8Array = new Uint8Array(0);
  #at = 0;
  /** Bytes handed out so far. */
  offset = 0;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.#it = chunks[Symbol.asyncIterator]();
  }

  /** Copies the next out.length bytes into out; returns how many there were (fewer only at the end). */
  async read(out: Uint8Array): Promise<number> {
    let n = 0;
    while (n < out.length) {
      if (this.#at >= this.#cur.length) {
        const r = await this.#it.next();
        if (r.done) break;
        this.#cur = r.value;
        this.#at = 0;
        continue;
      }
      const take = Math.min(out.length - n, this.#cur.length - this.#at);
      out.set(this.#cur.subarray(this.#at, this.#at + take), n);
      n += take;
      this.#at += take;
    }
    this.offset += n;
    return n;
  }

  async close(): Promise<void> {
    await this.#it.return?.();
  }
}

function rowsOption(owner: string, o: unknown): number {
  const rows = (o as ChunkOptions | undefined)?.rows ?? 1024;
  if (!Number.isInteger(rows) || rows < 1 || rows > 2 ** 24) {
    throw new LinclassError('INVALID_OPTION', `The 'rows' option of ${owner} must be an integer in [1, 16777216]. Got ${describe(rows)} instead.`);
  }
  return rows;
}

const SIZES: Record<number, number> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };

/** An IDX header: the value type, the sizes. */
async function idxHeader(q: ByteQueue, what: string): Promise<{ type: number; shape: number[] }> {
  const fail = (why: string): never => { throw new LinclassError('INVALID_DATA', `Not a valid IDX file (${what}): ${why}.`); };
  const head = new Uint8Array(4);
  if ((await q.read(head)) < 4) fail('shorter than the 4-byte magic number');
  if (head[0] !== 0 || head[1] !== 0) fail('the magic number must start with two zero bytes');
  if (!SIZES[head[2]]) fail(`unknown value type 0x${head[2].toString(16)}`);
  if (head[3] === 0) fail('it declares 0 dimensions');
  const dims = new Uint8Array(4 * head[3]);
  if ((await q.read(dims)) < dims.length) fail(`the header needs ${4 + dims.length} bytes`);
  const dv = new DataView(dims.buffer);
  return { type: head[2], shape: Array.from({ length: head[3] }, (_, i) => dv.getUint32(4 * i)) };
}

/** Big-endian values of an IDX type from bytes. */
function idxValues(type: number, b: Uint8Array, n: number): Uint8Array | Float32Array {
  if (type === 0x08) return b.slice(0, n);
  const out = new Float32Array(n), dv = new DataView(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < n; i++) {
    out[i] = type === 0x09 ? dv.getInt8(i) : type === 0x0b ? dv.getInt16(2 * i) : type === 0x0c ? dv.getInt32(4 * i)
      : type === 0x0d ? dv.getFloat32(4 * i) : dv.getFloat64(8 * i);
  }
  return out;
}

/**
 * The rows of an IDX images file and its labels file (gzip'd or not), `rows`
 * at a time, read side by side: memory holds one chunk, whatever the files'
 * size. Throws LinclassError('INVALID_DATA') for a bad header, counts that
 * differ, a file that ends early or runs on, or a negative label.
 *
 * @example
 * await clf.fitStream(() => idxChunks(openImages(), openLabels(), { rows: 4096 }), { epochs: 5 });
 */
export async function* idxChunks(images: ByteSource, labels: ByteSource, options?: ChunkOptions): AsyncGenerator<RowChunk> {
  const R = rowsOption('idxChunks', options);
  const qi = new ByteQueue(inflatedChunks(images, 'the IDX images file')), ql = new ByteQueue(inflatedChunks(labels, 'the IDX labels file'));
  try {
    const img = await idxHeader(qi, 'images'), lab = await idxHeader(ql, 'labels');
    if (lab.shape.length !== 1 || lab.type === 0x0d || lab.type === 0x0e) {
      throw new LinclassError('INVALID_DATA', 'The IDX labels file must hold one integer per image (1 dimension, an integer type).');
    }
    const N = img.shape[0], D = img.shape.slice(1).reduce((a, b) => a * b, 1);
    if (lab.shape[0] !== N) throw new LinclassError('INVALID_DATA', `The IDX images file has ${N} images but the labels file has ${lab.shape[0]} labels.`);
    if (N === 0 || D === 0) throw new LinclassError('INVALID_DATA', `The IDX images file holds no values (shape ${img.shape.join('×')}).`);
    const si = SIZES[img.type], sl = SIZES[lab.type];
    if (D * si > 2 ** 28) throw new LinclassError('INVALID_DATA', `The IDX images file declares images of ${D * si} bytes each (shape ${img.shape.join('×')}), more than idxChunks reads in one piece.`);
    // a chunk's buffer is at most 64 MiB: fewer rows for larger images
    const n0 = Math.max(1, Math.min(R, N, Math.floor(2 ** 26 / (D * si)))), step = n0;
    const bi = new Uint8Array(n0 * D * si), bl = new Uint8Array(n0 * sl);
    for (let r = 0; r < N; r += step) {
      const n = Math.min(step, N - r);
      const gi = await qi.read(bi.subarray(0, n * D * si)), gl = await ql.read(bl.subarray(0, n * sl));
      if (gi < n * D * si || gl < n * sl) {
        throw new LinclassError('INVALID_DATA', `The IDX ${gi < n * D * si ? 'images' : 'labels'} file ends early: its header declares ${N} rows but it stops within row ${r + Math.floor((gi < n * D * si ? gi / (D * si) : gl / sl))}.`);
      }
      const y = Int32Array.from(idxValues(lab.type, bl, n));
      const bad = y.findIndex((v) => v < 0);
      if (bad >= 0) throw new LinclassError('INVALID_DATA', `Label ${r + bad} of the IDX labels file is ${y[bad]}: labels must be integers ≥ 0.`);
      yield { X: idxValues(img.type, bi, n * D), y };
    }
    const extra = new Uint8Array(1);
    if ((await qi.read(extra)) > 0 || (await ql.read(extra)) > 0) {
      throw new LinclassError('INVALID_DATA', `An IDX file runs on past the ${N} rows its header declares.`);
    }
  } finally {
    await qi.close();
    await ql.close();
  }
}

const PLANE = 1024, PIXELS = 3 * PLANE, RECORD = PIXELS + 1;

/**
 * The records of CIFAR-10 binary batches, `rows` at a time, in order, stored
 * channel-last as readCifar10 stores them (feature (row·32 + col)·3 + channel).
 * Throws LinclassError('INVALID_DATA') for a batch that is not a whole,
 * non-zero number of 3073-byte records, or a label above 9.
 */
export async function* cifar10Chunks(batches: ByteSource | ByteSource[], options?: ChunkOptions): AsyncGenerator<RowChunk> {
  const R = rowsOption('cifar10Chunks', options), list = Array.isArray(batches) ? batches : [batches];
  if (list.length === 0) throw new LinclassError('INVALID_ARGUMENT', 'cifar10Chunks needs at least one batch.');
  const rec = new Uint8Array(RECORD);
  for (let s = 0; s < list.length; s++) {
    const what = list.length > 1 ? `CIFAR-10 batch ${s + 1} of ${list.length}` : 'the CIFAR-10 batch';
    const q = new ByteQueue(inflatedChunks(list[s], what));
    try {
      let records = 0;
      for (;;) {
        const X = new Uint8Array(R * PIXELS), y = new Int32Array(R);
        let n = 0;
        for (; n < R; n++) {
          const got = await q.read(rec);
          if (got === 0) break;
          if (got < RECORD) {
            throw new LinclassError('INVALID_DATA', `${what[0].toUpperCase()}${what.slice(1)} has ${q.offset} bytes, not a whole number of ${RECORD}-byte records (1 label byte + ${PIXELS} pixels): the last record is cut off after ${got} bytes.`);
          }
          if (rec[0] > 9) throw new LinclassError('INVALID_DATA', `Record ${records + n} of ${what} has label ${rec[0]}: CIFAR-10 labels are 0–9.`);
          y[n] = rec[0];
          const at = n * PIXELS;
          for (let p = 0; p < PLANE; p++) {
            X[at + 3 * p] = rec[1 + p];
            X[at + 3 * p + 1] = rec[1 + PLANE + p];
            X[at + 3 * p + 2] = rec[1 + 2 * PLANE + p];
          }
        }
        records += n;
        if (n > 0) yield { X: X.subarray(0, n * PIXELS), y: y.subarray(0, n) };
        if (n < R) break;
      }
      if (records === 0) throw new LinclassError('INVALID_DATA', `${what[0].toUpperCase()}${what.slice(1)} is empty: a batch holds 3073-byte records.`);
    } finally {
      await q.close();
    }
  }
}

/**
 * The rows of a CSV source (bytes or a stream, gzip'd or not), `rows` at a
 * time, parsed as readCsv parses them (the same options, the same errors),
 * with labels: { X: Float32Array, y: Int32Array } chunks.
 */
export async function* csvChunks(source: ByteSource, options: CsvOptions & ChunkOptions = {}): AsyncGenerator<{ X: Float32Array; y: Int32Array }> {
  const { rows, ...rest } = options ?? {};
  const R = rowsOption('csvChunks', { rows });
  const o = checkOptions('csvChunks', rest);
  if (o.labelColumn === null) throw new LinclassError('INVALID_OPTION', "csvChunks reads labelled rows: 'labelColumn' cannot be null.");
  const p = new CsvParser(o), dec = new TextDecoder();
  let rest2 = '', lineNo = 0;
  const lines = function* (text: string, last: boolean): Generator<{ X: Float32Array; y: Int32Array }> {
    const ls = (rest2 + text).split('\n');
    rest2 = last ? '' : ls.pop()!;
    for (const l of ls) {
      p.line(l.endsWith('\r') ? l.slice(0, -1) : l, ++lineNo);
      if (p.rows % R === 0 && p.rows > 0) {
        const c = p.take();
        if (c) yield c as { X: Float32Array; y: Int32Array };
      }
    }
  };
  for await (const chunk of inflatedChunks(source, 'the CSV data')) yield* lines(dec.decode(chunk, { stream: true }), false);
  yield* lines(dec.decode(), true);
  const c = p.take();
  if (c) yield c as { X: Float32Array; y: Int32Array };
  else if (p.rows === 0) p.finish();
}
