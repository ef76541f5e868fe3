// Threads page: init with the thread count in the query (?threads=2); threads
// are used only when the page is cross-origin isolated. The workers start on
// the first large call: a warm-up fit starts them, the page waits until they
// are up (or fell back to one thread), then trains.
import * as linclass from '/dist/linclass.mjs';
import '/tests/parity/parity.js';

try {
  const threads = Number(new URLSearchParams(location.search).get('threads') ?? 2);
  const csv = await (await fetch('/data/digits.csv')).text();
  await linclass.init({ threads, threadThreshold: 0 });
  const warm = new linclass.LinearClassifier({ numFeatures: 64, numClasses: 10 });
  warm.fit({ X: new Float32Array(256 * 64), y: new Int32Array(256) }, { epochs: 1, batchSize: 'full' });
  warm.dispose();
  for (const t0 = Date.now(); linclass.threadInfo().mode === 'threads' && !linclass.threadInfo().ready && Date.now() - t0 < 20000;) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const hashes = await globalThis.linclassParityBlocks(linclass, csv);
  window.__result = { info: linclass.threadInfo(), isolated: self.crossOriginIsolated, hashes };
} catch (e) {
  window.__error = String((e && e.stack) || e);
}
