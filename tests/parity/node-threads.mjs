// A Node process that trains with the given thread count (argv[2]) through
// dist/linclass.mjs and prints the weight hashes; it must then exit on its own.
// The workers start on the first large call: a warm-up fit starts them and the
// process waits until they are up, so the parity run is shared by them.
import { readFileSync } from 'node:fs';
import './parity.js';

const lib = await import(new URL('../../dist/linclass.mjs', import.meta.url).href);
const threads = Number(process.argv[2]);
await lib.init({ threads, threadThreshold: 0 });
const warm = new lib.LinearClassifier({ numFeatures: 64, numClasses: 10 });
warm.fit({ X: new Float32Array(256 * 64), y: new Int32Array(256) }, { epochs: 1, batchSize: 'full' });
warm.dispose();
for (const t0 = Date.now(); lib.threadInfo().mode === 'threads' && !lib.threadInfo().ready && Date.now() - t0 < 20000;) {
  await new Promise((r) => setTimeout(r, 10));
}
const csv = readFileSync(new URL('../../data/digits.csv', import.meta.url), 'utf8');
const hashes = await globalThis.linclassParityBlocks(lib, csv);
console.log(JSON.stringify({ info: lib.threadInfo(), hashes }));
