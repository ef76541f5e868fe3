// Threads page: init with the thread count in the query (?threads=2); threads
// are used only when the page is cross-origin isolated.
import * as linclass from '/dist/linclass.mjs';
import '/tests/parity/parity.js';

try {
  const threads = Number(new URLSearchParams(location.search).get('threads') ?? 2);
  const csv = await (await fetch('/data/digits.csv')).text();
  await linclass.init({ threads, threadThreshold: 0 });
  const hashes = await globalThis.linclassParityBlocks(linclass, csv);
  window.__result = { info: linclass.threadInfo(), isolated: self.crossOriginIsolated, hashes };
} catch (e) {
  window.__error = String((e && e.stack) || e);
}
