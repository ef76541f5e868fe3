// A numeric CSV reader: one example per line, an integer label in one column
// (chosen by index or header name), or no label. parseCsv takes text; readCsv
// takes bytes or a stream and parses line by line as the chunks arrive.
import { LinclassError } from '../base/errors.js';
import { describe, validateOptions, type Table } from '../base/validate.js';
import { isFiniteF32 } from '../base/checks.js';
import { inflatedChunks, type ByteSource } from './bytes.js';

export interface CsvOptions {
  /**
   * The label column: an index from 0 (negative counts from the end), a name
   * from the header line, or null when the rows hold features only. Default -1 (the last).
   */
  labelColumn?: number | string | null;
  /** Whether the first line is a header to skip. Default: detected (a first line with a non-numeric field). */
  header?: boolean;
}

export interface LabelledData {
  /** N·D features, row-major. */
  X: Float32Array;
  /** N integer labels. */
  y: Int32Array;
  numFeatures: number;
}

/** What labelColumn: null gives: features only. */
export interface UnlabelledData {
  X: Float32Array;
  y: null;
  numFeatures: number;
}

const fail = (msg: string): never => {
  throw new LinclassError('INVALID_DATA', msg);
};

const OPTIONS: Table = { labelColumn: { kind: 'any' }, header: { kind: 'any' } };

/** The options checked for their types; a column index is checked against the columns once the first line is read. */
export function checkOptions(owner: string, options: unknown): CsvOptions {
  const o = validateOptions<CsvOptions>(owner, OPTIONS, options);
  const lc = o.labelColumn;
  if (lc !== undefined && lc !== null && typeof lc !== 'string' && typeof lc !== 'number') {
    throw new LinclassError('INVALID_OPTION', `The 'labelColumn' option of ${owner} must be a column index, a header name or null. Got ${describe(lc)} instead.`);
  }
  if (o.header !== undefined && typeof o.header !== 'boolean') {
    throw new LinclassError('INVALID_OPTION', `The 'header' option of ${owner} must be true or false. Got ${describe(o.header)} instead.`);
  }
  return o;
}

/** A typed buffer that doubles as values arrive. */
class Grow<T extends Float32Array | Int32Array> {
  buf: T;
  n = 0;
  constructor(readonly make: (n: number) => T) {
    this.buf = make(1024);
  }
  push(v: number): void {
    if (this.n === this.buf.length) {
      const grown = this.make(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.n++] = v;
  }
}

/** Parses lines one at a time; holds the column layout the first lines fixed. */
export class CsvParser {
  readonly #o: CsvOptions;
  #width = -1;
  #label = -1;
  #rows = 0;
  #taken = 0;
  readonly #X = new Grow((n) => new Float32Array(n));
  readonly #y = new Grow((n) => new Int32Array(n));

  constructor(options: CsvOptions) {
    this.#o = options;
  }

  /** One line of text, numbered from 1 in the input. */
  line(text: string, lineNo: number): void {
    if (text.trim() === '') return;
    const f = text.split(',');
    if (this.#width < 0) {
      if (this.#first(f)) return;
    }
    const width = this.#width, label = this.#label;
    if (f.length !== width) fail(`CSV line ${lineNo} has ${f.length} fields; the first row has ${width}.`);
    for (let j = 0; j < width; j++) {
      const v = Number(f[j]);
      if (f[j].trim() === '' || !Number.isFinite(v)) fail(`CSV line ${lineNo}, column ${j + 1}: ${JSON.stringify(f[j])} is not a finite number.`);
      if (j === label) {
        if (!Number.isInteger(v) || v < 0 || v > 2 ** 31 - 1) fail(`CSV line ${lineNo}: the label ${f[j]} is not a non-negative integer.`);
        this.#y.push(v);
      } else {
        if (!isFiniteF32(v)) fail(`CSV line ${lineNo}, column ${j + 1}: ${f[j].trim()} is too large for float32.`);
        this.#X.push(v);
      }
    }
    this.#rows++;
  }

  /** Fixes the layout from the first non-blank line; true when that line is a header. */
  #first(f: string[]): boolean {
    const header = this.#o.header ?? f.some((x) => x.trim() === '' || Number.isNaN(Number(x)));
    const width = (this.#width = f.length);
    const lc = this.#o.labelColumn === undefined ? -1 : this.#o.labelColumn;
    if (lc === null) return header;
    if (width < 2) fail('The CSV rows need at least two columns: features and a label.');
    if (typeof lc === 'string') {
      if (!header) fail(`labelColumn ${JSON.stringify(lc)} names a column, but the CSV has no header line.`);
      const names = f.map((x) => x.trim().replace(/^"(.*)"$/, '$1'));
      this.#label = names.indexOf(lc);
      if (this.#label < 0) fail(`The CSV header has no column ${JSON.stringify(lc)}. Its columns: ${names.join(', ')}.`);
    } else {
      this.#label = lc < 0 ? width + lc : lc;
      if (!Number.isInteger(lc) || this.#label < 0 || this.#label >= width) fail(`labelColumn ${lc} is outside the ${width} columns of the CSV.`);
    }
    return header;
  }

  /** The rows parsed since the last take() (null when none), handed over: the parser keeps the layout only. */
  take(): LabelledData | UnlabelledData | null {
    const n = this.#rows - this.#taken;
    if (n === 0) return null;
    const labelled = this.#label >= 0, D = this.#width - (labelled ? 1 : 0);
    const out = { X: this.#X.buf.slice(0, n * D), y: labelled ? this.#y.buf.slice(0, n) : null, numFeatures: D };
    this.#X.n = this.#y.n = 0;
    this.#taken = this.#rows;
    return out as LabelledData | UnlabelledData;
  }

  /** Rows parsed so far. */
  get rows(): number {
    return this.#rows;
  }

  finish(): LabelledData | UnlabelledData {
    if (this.#rows === 0) fail('The CSV text has no rows.');
    const labelled = this.#label >= 0;
    const D = this.#width - (labelled ? 1 : 0);
    const X = this.#X.buf.slice(0, this.#rows * D);
    return { X, y: labelled ? this.#y.buf.slice(0, this.#rows) : null, numFeatures: D } as LabelledData | UnlabelledData;
  }
}

/**
 * Parses comma-separated numeric text into features and integer labels. Throws
 * LinclassError('INVALID_DATA') naming the line and column of a bad field or a
 * row of the wrong width, or a label column that does not exist.
 *
 * @example
 * const { X, y, numFeatures } = parseCsv('a,b,class\n0.5,1,0\n2,0.25,1\n', { labelColumn: 'class' });
 */
export function parseCsv(text: string, options: CsvOptions & { labelColumn: null }): UnlabelledData;
export function parseCsv(text: string, options?: CsvOptions): LabelledData;
export function parseCsv(text: string, options: CsvOptions = {}): LabelledData | UnlabelledData {
  if (typeof text !== 'string') {
    throw new LinclassError('INVALID_ARGUMENT', `parseCsv needs the CSV text as a string (readCsv reads bytes and streams). Got ${describe(text)} instead.`);
  }
  const p = new CsvParser(checkOptions('parseCsv', options));
  let lineNo = 0;
  for (const l of text.split('\n')) p.line(l.endsWith('\r') ? l.slice(0, -1) : l, ++lineNo);
  return p.finish();
}

/**
 * parseCsv over bytes or a stream (UTF-8, gzip'd or not): decodes and parses
 * line by line as the chunks arrive, keeping only the numbers.
 *
 * @example
 * const data = await readCsv((await fetch('train.csv')).body!);
 */
export async function readCsv(source: ByteSource | string, options: CsvOptions & { labelColumn: null }): Promise<UnlabelledData>;
export async function readCsv(source: ByteSource | string, options?: CsvOptions): Promise<LabelledData>;
export async function readCsv(source: ByteSource | string, options: CsvOptions = {}): Promise<LabelledData | UnlabelledData> {
  const o = checkOptions('readCsv', options);
  if (typeof source === 'string') return parseCsv(source, o);
  const p = new CsvParser(o);
  const dec = new TextDecoder();
  let rest = '', lineNo = 0;
  const feed = (text: string, last: boolean): void => {
    const lines = (rest + text).split('\n');
    rest = last ? '' : lines.pop()!;
    for (const l of lines) p.line(l.endsWith('\r') ? l.slice(0, -1) : l, ++lineNo);
  };
  for await (const chunk of inflatedChunks(source, 'the CSV data')) feed(dec.decode(chunk, { stream: true }), false);
  feed(dec.decode(), true);
  return p.finish();
}
