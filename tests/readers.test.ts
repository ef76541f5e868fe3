// The readers on small fixtures made here: CSV (header or none, label by name
// or index, no label), IDX and CIFAR-10 batches, each from bytes, from streams
// cut at awkward places, and gzip'd; truncated and corrupted files fail with
// their exact messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { parseCsv, readCsv, readIdx, parseIdx, readIdxPair, readCifar10, splitData, LinclassError } from '../src/index.js';
import { idxBytes } from './util.js';

/** A stream of `bytes` in chunks of `size`. */
function streamOf(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let o = 0;
  return new ReadableStream({
    pull(ctrl) {
      if (o >= bytes.length) return ctrl.close();
      ctrl.enqueue(bytes.slice(o, o + size));
      o += size;
    },
  });
}

async function rejectsExactly(p: Promise<unknown>, code: string, message: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof LinclassError, `expected a LinclassError, got ${String(e)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    assert.equal(e.code, code);
    return true;
  });
}

const enc = (s: string) => new TextEncoder().encode(s);

test('CSV: header detected, label by name, by index, last by default, or none', async () => {
  const text = 'w,"label",h\r\n1,0,2.5\n\n3,1,-4\n';
  const byName = parseCsv(text, { labelColumn: 'label' });
  assert.deepEqual([...byName.X], [1, 2.5, 3, -4]);
  assert.deepEqual([...byName.y], [0, 1]);
  assert.equal(byName.numFeatures, 2);
  assert.deepEqual(parseCsv(text, { labelColumn: 1 }), byName);
  assert.deepEqual(parseCsv(text, { labelColumn: -2 }), byName);
  const plain = parseCsv('1,2,0\n3,4,1\n');
  assert.deepEqual([...plain.X], [1, 2, 3, 4]);
  assert.deepEqual([...plain.y], [0, 1]);
  const none = parseCsv('1,2,7\n3,4,9\n', { labelColumn: null });
  assert.equal(none.y, null);
  assert.deepEqual([...none.X], [1, 2, 7, 3, 4, 9]);
  assert.equal(none.numFeatures, 3);
  assert.equal(parseCsv('0,1\n2,3\n', { header: true }).y.length, 1, 'header: true skips the first line');
  // streams cut mid-line and mid-number, and gzip'd, give the same
  for (const size of [1, 3, 7, 1000]) {
    assert.deepEqual(await readCsv(streamOf(enc(text), size), { labelColumn: 'label' }), byName, `chunks of ${size}`);
    assert.deepEqual(await readCsv(streamOf(gzipSync(enc(text)), size), { labelColumn: 'label' }), byName, `gzip, chunks of ${size}`);
  }
  assert.deepEqual(await readCsv(enc('1,2,0\n3,4,1'), {}), plain, 'no final newline');
});

test('CSV: exact messages', async () => {
  const cases: [string, Parameters<typeof parseCsv>[1], string][] = [
    ['', {}, 'The CSV text has no rows.'],
    ['a,b\n', {}, 'The CSV text has no rows.'],
    ['1\n2\n', {}, 'The CSV rows need at least two columns: features and a label.'],
    ['1,2\n', { labelColumn: 2 }, 'labelColumn 2 is outside the 2 columns of the CSV.'],
    ['1,2\n', { labelColumn: -3 }, 'labelColumn -3 is outside the 2 columns of the CSV.'],
    ['1,2\n', { labelColumn: 0.5 }, 'labelColumn 0.5 is outside the 2 columns of the CSV.'],
    ['1,2\n', { labelColumn: 'y' }, 'labelColumn "y" names a column, but the CSV has no header line.'],
    ['a,b\n1,2\n', { labelColumn: 'y' }, 'The CSV header has no column "y". Its columns: a, b.'],
    ['1,2,0\n\n3,4\n', {}, 'CSV line 3 has 2 fields; the first row has 3.'],
    ['1,2,0\n3,x,1\n', {}, 'CSV line 2, column 2: "x" is not a finite number.'],
    ['1,2,0\n3,,1\n', {}, 'CSV line 2, column 2: "" is not a finite number.'],
    ['1,2,0\n3,4,1.5\n', {}, 'CSV line 2: the label 1.5 is not a non-negative integer.'],
    ['1,2,-1\n', {}, 'CSV line 1: the label -1 is not a non-negative integer.'],
  ];
  for (const [text, o, msg] of cases) {
    assert.throws(() => parseCsv(text, o), (e: unknown) => e instanceof LinclassError && e.code === 'INVALID_DATA' && e.message === msg, msg);
    await rejectsExactly(readCsv(streamOf(enc(text), 2), o), 'INVALID_DATA', msg);
  }
  const gz = gzipSync(enc('1,2,0\n'));
  await rejectsExactly(readCsv(gz.subarray(0, gz.length - 6)), 'INVALID_DATA', /^The gzip data of the CSV data could not be inflated: .+\.$/);
});


const pixels = Array.from({ length: 3 * 2 * 2 }, (_, i) => (i * 37) % 256);
const images = idxBytes(0x08, [3, 2, 2], pixels);
const labelsFile = idxBytes(0x08, [3], [2, 0, 1]);

test('IDX: bytes, gzip, streams in small chunks; images + labels as rows', async () => {
  const want = { shape: [3, 2, 2], data: Uint8Array.from(pixels) };
  assert.deepEqual(parseIdx(images), want);
  for (const src of [images, gzipSync(images), streamOf(images, 3), streamOf(gzipSync(images), 5), images.buffer as ArrayBuffer]) {
    assert.deepEqual(await readIdx(src), want);
  }
  assert.deepEqual(await readIdx(idxBytes(0x0b, [2], [-300, 7])), { shape: [2], data: Int16Array.from([-300, 7]) });
  const pair = await readIdxPair(streamOf(gzipSync(images), 4), labelsFile);
  assert.deepEqual(pair, { X: Uint8Array.from(pixels), y: Int32Array.from([2, 0, 1]), numFeatures: 4, shape: [2, 2] });
  const { train, val } = splitData(pair, { valFraction: 0.34, seed: 1 });
  assert.ok(train.X instanceof Uint8Array && val.X instanceof Uint8Array, 'pixel bytes stay bytes');
  assert.deepEqual(train.shape, [2, 2]);
  assert.equal(train.y.length + val.y.length, 3);
});

test('IDX: truncated, corrupted and mismatched files: exact messages', async () => {
  const bad = 'Not a valid IDX file: ';
  const cases: [Uint8Array, string][] = [
    [images.slice(0, 2), `${bad}2 bytes is shorter than the 4-byte magic number.`],
    [Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0]), `${bad}the magic number must start with two zero bytes.`],
    [Uint8Array.from([0, 0, 0x07, 1, 0, 0, 0, 0]), `${bad}unknown value type 0x7.`],
    [Uint8Array.from([0, 0, 8, 0]), `${bad}it declares 0 dimensions.`],
    [images.slice(0, 9), `${bad}the header needs 16 bytes, the file has 9.`],
    [images.slice(0, images.length - 1), `${bad}its header declares 3×2×2 uint8 values (28 bytes with the header), but it has 27 bytes.`],
    // a crafted header claiming 2^32 × 2^32 values: refused from the byte count, nothing allocated
    [idxBytes(0x08, [0xffffffff, 0xffffffff], [1, 2]), `${bad}its header declares 4294967295×4294967295 uint8 values (18446744065119617000 bytes with the header), but it has 14 bytes.`],
  ];
  for (const [bytes, msg] of cases) {
    await rejectsExactly(readIdx(bytes), 'INVALID_DATA', msg);
    await rejectsExactly(readIdx(streamOf(gzipSync(bytes), 3)), 'INVALID_DATA', msg);
  }
  const gz = gzipSync(images);
  await rejectsExactly(readIdx(gz.subarray(0, gz.length - 10)), 'INVALID_DATA', /^The gzip data of the IDX file could not be inflated: .+\.$/);
  const flipped = gz.slice();
  flipped[gz.length - 8] ^= 0xff; // the CRC-32 in the gzip trailer
  await rejectsExactly(readIdx(flipped), 'INVALID_DATA', /^The gzip data of the IDX file could not be inflated: .+\.$/);
  await rejectsExactly(readIdxPair(images, idxBytes(0x08, [2], [0, 1])), 'INVALID_DATA', 'The IDX images file has 3 images but the labels file has 2 labels.');
  await rejectsExactly(readIdxPair(images, idxBytes(0x08, [3, 1], [0, 1, 2])), 'INVALID_DATA',
    'The IDX labels file must hold one integer per image (1 dimension, an integer type). Got 2 dimensions of Uint8Array.');
  await rejectsExactly(readIdxPair(images, idxBytes(0x0c, [3], [0, -2, 1])), 'INVALID_DATA', 'Label 1 of the IDX labels file is -2: labels must be integers ≥ 0.');
  await rejectsExactly(readIdxPair(idxBytes(0x08, [0, 2, 2], []), idxBytes(0x08, [0], [])), 'INVALID_DATA', 'The IDX images file holds no values (shape 0×2×2).');
});

/** A CIFAR-10 batch of n records: label r % 10, pixel p of record r = (r·7 + p) % 256. */
function cifar(n: number, first = 0): Uint8Array {
  const out = new Uint8Array(n * 3073);
  for (let r = 0; r < n; r++) {
    out[r * 3073] = (first + r) % 10;
    for (let p = 0; p < 3072; p++) out[r * 3073 + 1 + p] = ((first + r) * 7 + p) % 256;
  }
  return out;
}

test('CIFAR-10: records channel-last (r, g, b per pixel), from bytes, streams split mid-record, several batches, gzip', async () => {
  const a = cifar(3), b = cifar(2, 3);
  const want = await readCifar10(a);
  assert.equal(want.numFeatures, 3072);
  assert.deepEqual(want.shape, [32, 32, 3]);
  assert.deepEqual([...want.y], [0, 1, 2]);
  // record 1, row 3, column 5, green: file byte 1 + 1024 + 3·32 + 5 of the record (the green plane)
  const [r, row, col, green] = [1, 3, 5, 1];
  assert.equal(want.X[r * 3072 + (row * 32 + col) * 3 + green], (r * 7 + 1024 + row * 32 + col) % 256);
  // every byte of a record lands once
  assert.deepEqual([...want.X.subarray(3072, 6144)].sort((p, q) => p - q), [...cifar(2).subarray(3074, 6146)].sort((p, q) => p - q));
  for (const size of [1000, 3073, 5000, 1 << 16]) assert.deepEqual(await readCifar10(streamOf(a, size)), want, `chunks of ${size}`);
  assert.deepEqual(await readCifar10(gzipSync(a)), want);
  const both = await readCifar10([streamOf(a, 777), b]);
  assert.deepEqual([...both.y], [0, 1, 2, 3, 4]);
  assert.deepEqual(both.X, (await readCifar10(cifar(5))).X);
  // more than one block of records
  const big = await readCifar10(streamOf(cifar(1030), 4096));
  assert.equal(big.y.length, 1030);
  assert.equal(big.X[1029 * 3072 + 10 * 3], (1029 * 7 + 10) % 256);
});

test('CIFAR-10: truncated and corrupted batches: exact messages', async () => {
  const a = cifar(2);
  await rejectsExactly(readCifar10(a.subarray(0, 5000)), 'INVALID_DATA',
    'The CIFAR-10 batch has 5000 bytes, not a whole, non-zero number of 3073-byte records (1 label byte + 3072 pixels): the last record is cut off after 1927 bytes.');
  await rejectsExactly(readCifar10([a, streamOf(a.subarray(0, 3074), 100)]), 'INVALID_DATA',
    'CIFAR-10 batch 2 of 2 has 3074 bytes, not a whole, non-zero number of 3073-byte records (1 label byte + 3072 pixels): the last record is cut off after 1 bytes.');
  await rejectsExactly(readCifar10(new Uint8Array(0)), 'INVALID_DATA',
    'The CIFAR-10 batch has 0 bytes, not a whole, non-zero number of 3073-byte records (1 label byte + 3072 pixels).');
  const c = a.slice();
  c[3073] = 12;
  await rejectsExactly(readCifar10(c), 'INVALID_DATA', 'Record 1 of the CIFAR-10 batch has label 12: CIFAR-10 labels are 0–9 (a CIFAR-100 file has two label bytes per record).');
  await rejectsExactly(readCifar10([]), 'INVALID_ARGUMENT', 'readCifar10 needs at least one batch.');
  await rejectsExactly(readCifar10('data_batch_1.bin' as never), 'INVALID_ARGUMENT',
    'The CIFAR-10 batch must be a Uint8Array, an ArrayBuffer or a ReadableStream of bytes. Got "data_batch_1.bin" instead.');
});
