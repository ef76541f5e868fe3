// CIFAR-10 binary batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin):
// records of 1 label byte (0–9) and 3072 pixel bytes (the red, green and blue
// 32×32 planes), read record by record as the chunks arrive and stored
// channel-last (r, g, b per pixel), the layout of the CS231n loader.
import { LinclassError } from '../base/errors.js';
import { inflatedChunks, type ByteSource } from './bytes.js';
import type { LabelledImages } from './images.js';

// Rows gather in blocks of 16 records, doubling up to 1024, so a small file never costs 3 MiB.
const PLANE = 1024, PIXELS = 3 * PLANE, RECORD = PIXELS + 1, FIRST = 16, BLOCK = 1024;

/**
 * Reads one or more CIFAR-10 binary batches (bytes or streams, gzip'd or not)
 * into labelled rows, in order. Each row is one image channel-last: D = 3072
 * bytes, pixel by pixel (row-major over 32×32), r, g, b for each — feature
 * (row·32 + col)·3 + channel, shape [32, 32, 3] (the file stores three planes;
 * they are interleaved on the way in). Throws LinclassError('INVALID_DATA')
 * for a source that is not a whole number of 3073-byte records, or a label
 * above 9.
 *
 * @example
 * const train = await readCifar10([batch1, batch2]); // { X: Uint8Array(20000·3072), y, numFeatures: 3072, shape: [32, 32, 3] }
 */
export async function readCifar10(sources: ByteSource | ByteSource[]): Promise<LabelledImages> {
  const list = Array.isArray(sources) ? sources : [sources];
  if (list.length === 0) throw new LinclassError('INVALID_ARGUMENT', 'readCifar10 needs at least one batch.');
  const blocks: Uint8Array[] = [];
  let labels = new Int32Array(FIRST), n = 0;
  let cap = FIRST, block = new Uint8Array(cap * PIXELS), inBlock = 0;
  for (let s = 0; s < list.length; s++) {
    const what = list.length > 1 ? `CIFAR-10 batch ${s + 1} of ${list.length}` : 'the CIFAR-10 batch';
    const partial = new Uint8Array(RECORD);
    let have = 0, bytes = 0;
    const first = n;
    for await (const chunk of inflatedChunks(list[s], what)) {
      bytes += chunk.length;
      for (let o = 0; o < chunk.length;) {
        let r: Uint8Array;
        if (have === 0 && chunk.length - o >= RECORD) {
          r = chunk.subarray(o, o + RECORD);
          o += RECORD;
        } else {
          // a record split across chunks is gathered in `partial`
          const take = Math.min(RECORD - have, chunk.length - o);
          partial.set(chunk.subarray(o, o + take), have);
          have += take;
          o += take;
          if (have < RECORD) break;
          r = partial;
          have = 0;
        }
        if (r[0] > 9) {
          throw new LinclassError('INVALID_DATA', `Record ${n - first} of ${what} has label ${r[0]}: CIFAR-10 labels are 0–9 (a CIFAR-100 file has two label bytes per record).`);
        }
        if (n === labels.length) {
          const grown = new Int32Array(labels.length * 2);
          grown.set(labels);
          labels = grown;
        }
        labels[n++] = r[0];
        const at = inBlock * PIXELS;
        for (let p = 0; p < PLANE; p++) {
          block[at + 3 * p] = r[1 + p];
          block[at + 3 * p + 1] = r[1 + PLANE + p];
          block[at + 3 * p + 2] = r[1 + 2 * PLANE + p];
        }
        if (++inBlock === cap) {
          blocks.push(block);
          cap = Math.min(BLOCK, 2 * cap);
          block = new Uint8Array(cap * PIXELS);
          inBlock = 0;
        }
      }
    }
    if (have !== 0 || bytes === 0) {
      throw new LinclassError('INVALID_DATA',
        `${capital(what)} has ${bytes} bytes, not a whole, non-zero number of ${RECORD}-byte records (1 label byte + ${PIXELS} pixels)${have ? `: the last record is cut off after ${have} bytes` : ''}.`);
    }
  }
  const X = new Uint8Array(n * PIXELS);
  let at = 0;
  for (const b of blocks) {
    X.set(b, at);
    at += b.length;
  }
  X.set(block.subarray(0, inBlock * PIXELS), at);
  return { X, y: labels.slice(0, n), numFeatures: PIXELS, shape: [32, 32, 3] };
}

function capital(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
