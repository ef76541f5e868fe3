// Data files for the command line, streamed from disk into the library's readers.
// The format comes from the names and first bytes: *.bin files are CIFAR-10
// batches; two files are IDX images then labels; one file is IDX images when it
// starts with the IDX magic (or is gzip'd and not *.csv.gz), else CSV.
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { readCsv, readIdx, readIdxPair, readCifar10 } from '../api.js';
import { inflatedChunks, type ByteSource } from '../io/bytes.js';
import { LinclassError } from '../base/errors.js';
import { DataError, UsageError } from './errors.js';

export type Kind = 'csv' | 'idx' | 'cifar' | 'digits';

/** Rows read from files, before preprocessing. */
export interface Loaded {
  /** N·D raw values: pixel bytes for IDX and CIFAR, float32 for CSV. */
  X: Float32Array | Uint8Array;
  /** N labels, or null when the files hold none. */
  y: Int32Array | null;
  numFeatures: number;
  rows: number;
  kind: Kind;
  /** One image's shape ([28, 28], [32, 32, 3]) for image data. */
  shape?: number[];
  /** The files, for messages. */
  name: string;
}

export interface LoadOptions {
  /** CSV label column: an index (negative from the end) or a header name. */
  label?: string;
  /** CSV header: true, false, or undefined to detect. */
  header?: boolean;
  /** Whether rows without labels are acceptable (predict). */
  unlabelled?: boolean;
  /** With unlabelled: the model's features, so a CSV with exactly that many columns is read as unlabelled. */
  numFeatures?: number;
}

/** A file as a byte stream; a missing or unreadable file is a DataError naming it. */
export function fileStream(path: string): ReadableStream<Uint8Array> {
  let file = true;
  try {
    file = statSync(path).isFile();
  } catch (e) {
    throw new DataError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
  }
  if (!file) throw new DataError(`Cannot read ${path}: it is not a file.`);
  return Readable.toWeb(createReadStream(path, { highWaterMark: 1 << 20 })) as unknown as ReadableStream<Uint8Array>;
}

/** The first chunk of a file's content (inflated when gzip'd). */
async function head(path: string): Promise<Uint8Array> {
  const chunks = inflatedChunks(fileStream(path), path);
  try {
    const first = await chunks.next();
    return first.done ? new Uint8Array(0) : first.value.slice(0, 1 << 16);
  } finally {
    await chunks.return(undefined);
  }
}

/** Runs a reader, prefixing its data errors with the file names. */
async function reading<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof LinclassError && e.code === 'INVALID_DATA') throw new DataError(`${name}: ${e.message}`);
    throw e;
  }
}

export function csvLabel(label: string | undefined): number | string {
  if (label === undefined) return -1;
  return /^-?\d+$/.test(label.trim()) ? Number(label) : label;
}

/** The number of dimensions an IDX file declares, or 0 when it is not IDX (a *.csv name, or not starting with the IDX magic). */
async function idxDims(path: string): Promise<number> {
  if (/\.csv(\.gz)?$/i.test(path)) return 0;
  const start = await reading(path, () => head(path));
  return start.length >= 4 && start[0] === 0 && start[1] === 0 ? start[3] : 0;
}

export const isBin = (path: string): boolean => /\.bin$/i.test(path);

/**
 * How many of the leading files make one data set: every leading CIFAR-10
 * .bin batch, an IDX images file and its labels file, or one CSV file.
 */
export async function setLength(files: string[]): Promise<number> {
  if (files.length === 0) return 0;
  if (isBin(files[0])) {
    const n = files.findIndex((f) => !isBin(f));
    return n < 0 ? files.length : n;
  }
  return (await idxDims(files[0])) > 0 ? Math.min(2, files.length) : 1;
}

/** Reads the data files of one set (training, test, …). */
export async function loadData(files: string[], o: LoadOptions = {}): Promise<Loaded> {
  const name = files.join(' ');
  if (files.length === 0) throw new UsageError('No data files given.');
  if (files.every(isBin)) {
    const d = await reading(name, () => readCifar10(files.map(fileStream) as ByteSource[]));
    return { X: d.X, y: d.y, numFeatures: d.numFeatures, rows: d.y.length, kind: 'cifar', shape: d.shape, name };
  }
  if (files.length === 2) {
    const [a, b] = await Promise.all(files.map(idxDims));
    if (a === 0 && b === 0) throw new UsageError(`Got 2 data files that are not IDX (${name}): give one CSV file, an IDX images file and its labels file, or CIFAR-10 .bin batches.`);
    if (a === 1 && b > 1) {
      throw new UsageError(`${files[0]} holds IDX labels and ${files[1]} images: the images file comes first, then the labels file (${files[1]} ${files[0]}).`);
    }
    const d = await reading(name, () => readIdxPair(fileStream(files[0]), fileStream(files[1])));
    return { X: d.X, y: d.y, numFeatures: d.numFeatures, rows: d.y.length, kind: 'idx', shape: d.shape, name };
  }
  if (files.length > 2) {
    throw new UsageError(`Got ${files.length} data files (${name}): give one CSV file, an IDX images file and its labels file, or CIFAR-10 .bin batches.`);
  }
  const path = files[0];
  const start = await reading(name, () => head(path));
  if (!/\.csv(\.gz)?$/i.test(path) && start.length >= 2 && start[0] === 0 && start[1] === 0) {
    if (!o.unlabelled) {
      throw new UsageError(`${path} is an IDX file: give the images file followed by the labels file.`);
    }
    const d = await reading(name, () => readIdx(fileStream(path)));
    const D = d.shape.slice(1).reduce((a, b) => a * b, 1);
    const X = d.data instanceof Uint8Array ? d.data : Float32Array.from(d.data as ArrayLike<number>);
    return { X, y: null, numFeatures: D, rows: d.shape[0], kind: 'idx', shape: d.shape.slice(1), name };
  }
  let labelColumn: number | string | null = csvLabel(o.label);
  if (o.unlabelled && o.numFeatures !== undefined && o.label === undefined) {
    const line = new TextDecoder().decode(start).split('\n').find((l) => l.trim() !== '') ?? '';
    if (line.split(',').length === o.numFeatures) labelColumn = null;
  }
  const d = await reading(name, () => readCsv(fileStream(path), { labelColumn, header: o.header }));
  return { X: d.X, y: d.y, numFeatures: d.numFeatures, rows: d.X.length / d.numFeatures, kind: 'csv', name };
}

