// What tests/runtimes.test.ts runs in each runtime on the installed tarball:
// `import 'linclass'`, two threads (the workers started by a warm-up call and
// waited for), the parity run with its block-sized steps, then the report. The
// process must exit on its own.
import * as lib from 'linclass';
import './parity.js';
import { readFileSync } from 'node:fs';

await lib.init({ threads: 2, threadThreshold: 0 });
const warm = new lib.LinearClassifier({ numFeatures: 64, numClasses: 10 });
warm.fit({ X: new Float32Array(256 * 64), y: new Int32Array(256) }, { epochs: 1, batchSize: 'full' });
warm.dispose();
for (const t0 = Date.now(); lib.threadInfo().mode === 'threads' && !lib.threadInfo().ready && Date.now() - t0 < 20000;) {
  await new Promise((r) => setTimeout(r, 10));
}
const hashes = await globalThis.linclassParityBlocks(lib, readFileSync('digits.csv', 'utf8'));
console.log(JSON.stringify({ info: lib.threadInfo(), hashes }));
