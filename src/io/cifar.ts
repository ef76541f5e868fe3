// CIFAR-10 binary batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin):
// records of 1 label byte (0–9) and 3072 pixel bytes, read record by record as
// the chunks arrive.
import { LinclassError } from '../errors.js';
import { inflatedChunks, type ByteSource } from './bytes.js';
import type { LabelledImages } from './images.js';

const PIXELS = 3072, RECORD = PIXELS + 1, BLOCK = 1024;

/**
 * Reads one or more CIFAR-10 binary batches (bytes or streams, gzip'd or not)
 * into labelled rows, in order. Each row keeps the file's layout: D = 3072
 * bytes, the red plane (32×32, row-major), then green, then blue — feature
 * c·1024 + row·32 + col, shape [3, 32, 32]. Throws LinclassError('INVALID_DATA')
 * for a source that is not a whole number of 3073-byte records, or a label
 * above 9.
 *
 * @example
 * const train = await readCifar10([batch1, batch2]); // { X: Uint8Array(20000·3072), y, numFeatures: 3072, shape: [3, 32, 32] }
 */
export async function readCifar10(sources: ByteSource | ByteSource[]): Promise<LabelledImages> {
  const list = Array.isArray(sources) ? sources : [sources];
  if (list.length === 0) throw new LinclassError('INVALID_ARGUMENT', 'readCifar10 needs at least one batch.');
  const blocks: Uint8Array[] = [];
  let labels = new Int32Array(BLOCK), n = 0;
  let block = new Uint8Array(BLOCK * PIXELS), inBlock = 0;
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
        block.set(r.subarray(1), inBlock * PIXELS);
        if (++inBlock === BLOCK) {
          blocks.push(block);
          block = new Uint8Array(BLOCK * PIXELS);
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
  blocks.forEach((b, i) => X.set(b, i * BLOCK * PIXELS));
  X.set(block.subarray(0, inBlock * PIXELS), blocks.length * BLOCK * PIXELS);
  return { X, y: labels.slice(0, n), numFeatures: PIXELS, shape: [3, 32, 32] };
}

function capital(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
